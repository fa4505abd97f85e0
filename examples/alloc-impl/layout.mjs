/** Where each piece of allocator state lives in the shared Int32Array (index 0: the step lock). */
export function layout(nb, nt) {
  const BT = 8; // btree[b]: the alloc key, 0 free, 1 user
  const KC = BT + nb; // keyCache[b]: 0 absent, else 1 + key * 2 + dirty
  const OPEN = KC + nb; // open[b]
  const BP = OPEN + nb; // backpointers[b]: how many writes landed in b
  const CL = BP + nb; // cacheLock[t]: bucket + 1, or 0
  const BL = CL + nt; // btreeLock[t]: bucket + 1, or 0
  return { BT, KC, OPEN, BP, CL, BL, size: BL + nt };
}
