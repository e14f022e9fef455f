// Redis Cluster's key → slot mapping (CRC16/XMODEM of the key's hash tag, mod 16384), so that eddy
// can check before it starts that every script's keys share one slot, and can send each reader
// socket to the master owning its stream without asking a client library.

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** Slots in a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/**
 * The cluster slot of `key`, as Redis computes it: when the key holds `{…}` with something between
 * the first `{` and the next `}`, only that part is hashed (the hash tag), else the whole key.
 */
export function keySlot(key: string): number {
  let bytes = Buffer.from(key, 'utf8');
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ b) & 0xff]!;
  return crc % CLUSTER_SLOTS;
}
