/** Crash consistency: block devices with a volatile write-back cache, and generated power-failure steps. */
export {
  complete,
  createDevice,
  deviceFromImage,
  flush,
  isClean,
  read,
  submit,
  submitFlush,
  write,
  writeStatus,
} from './device';
export type { Block, CachedWrite, Device, WriteRequest, WriteStatus } from './device';
export { DeviceError } from './device-error';
export type { DeviceErrorCode } from './device-error';
export { crashImages } from './crash-images';
export type { CrashImage, CrashImageOptions } from './crash-images';
export { isCrashAction, withCrashes } from './with-crashes';
export type { AfterCrashPredicate, CrashAction, CrashParams, CrashSpec, CrashState } from './with-crashes';
