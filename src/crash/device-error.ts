/** Why a device operation was refused: the model used the device in a way no real block layer allows. */
export type DeviceErrorCode =
  | 'duplicate-write' // a write with this id is still in the cache
  | 'unknown-write' // no write with this id is in the cache
  | 'not-in-flight' // the write was already completed
  | 'out-of-range' // a sector outside the device
  | 'empty-write'; // a write with no data and no preflush

/** Thrown by the pure device functions; inside `next` the checker reports it as the model failing (IL301). */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
