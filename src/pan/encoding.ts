// What a file's first bytes say about how to read it: gzip, UTF-16 (with or without a byte-order mark),
// binary, or plain bytes; and UTF-16 narrowed to one byte per code unit so the matcher sees ASCII.

export type Encoding = 'text' | 'utf16le' | 'utf16be' | 'binary';
export type Sniffed = {
  gzip: boolean;
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */ bom: number;
};

/** Bytes to read from the start of a file for `sniff`. */
export const SNIFF_BYTES = 4096;

export function sniff(head: Uint8Array): Sniffed {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === 0x1f && b1 === 0x8b) return { gzip: true, encoding: 'binary', bom: 0 };
  if (b0 === 0xff && b1 === 0xfe && !(head[2] === 0 && head[3] === 0)) {
    return { gzip: false, encoding: 'utf16le', bom: 2 };
  }
  if (b0 === 0xfe && b1 === 0xff) return { gzip: false, encoding: 'utf16be', bom: 2 };
  // BOM-less UTF-16 of mostly-ASCII text has a NUL in every other byte (PowerShell, Windows exports);
  // grep-like tools call such files binary and miss the card numbers in them (pan.md §7.1).
  let evenZeros = 0;
  let oddZeros = 0;
  const pairs = head.length >> 1;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (pairs >= 2) {
    if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02)
      return { gzip: false, encoding: 'utf16le', bom: 0 };
    if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02)
      return { gzip: false, encoding: 'utf16be', bom: 0 };
  }
  const binary = evenZeros + oddZeros > 0 || (head.length % 2 === 1 && head[head.length - 1] === 0);
  return { gzip: false, encoding: binary ? 'binary' : 'text', bom: 0 };
}

// What a UTF-16 code unit outside ASCII becomes: a byte that is neither digit, separator nor word.
const NON_ASCII = 0x01;

/**
 * Narrows UTF-16 code units `src[from..to)` (`to - from` even) to one byte each at `dst[at..)`;
 * returns the number of bytes written.
 */
export function narrowUtf16(
  src: Uint8Array,
  from: number,
  to: number,
  littleEndian: boolean,
  dst: Uint8Array,
  at: number,
): number {
  let o = at;
  const lowFirst = littleEndian ? 0 : 1;
  for (let i = from; i + 1 < to; i += 2) {
    const lowByte = src[i + lowFirst] ?? 0;
    const highByte = src[i + 1 - lowFirst] ?? 0;
    dst[o++] = highByte === 0 && lowByte < 0x80 ? lowByte : NON_ASCII;
  }
  return o - at;
}
