// A sliding window over a byte stream for the matcher: takes bytes in any pieces (file reads, inflated
// gzip output), keeps OVERLAP bytes of context across pieces, reports each card number once with its
// data offset and the number of newlines before it, and never holds more than its fixed capacity.
import { OVERLAP, scanRange, type Matcher, type RawHit } from './matcher.js';

/** A hit located in the data: `offset` of its first digit, `newlines` between `ownFrom` and it. */
export type LocatedHit = Omit<RawHit, 'start' | 'end'> & { offset: number; newlines: number };

export type WindowOptions = {
  matcher: Matcher;
  /** Bytes the window holds; at least 4 × OVERLAP. */
  capacity: number;
  /** Data offset of the first byte pushed. */
  base: number;
  /** The first byte pushed is the start of the data (nothing before it). */
  baseIsStart: boolean;
  /** Only hits whose first digit lies in [ownFrom, ownTo) are reported; bytes around it are context. */
  ownFrom: number;
  ownTo: number;
  onHit: (hit: LocatedHit) => void;
};

export type WindowScanner = {
  /** Free space to read into directly; follow with `commit`. Never empty. */
  space(): Uint8Array;
  commit(n: number): void;
  push(chunk: Uint8Array): void;
  /** Scans the rest; `atEnd`: the data really ends after the last byte pushed. */
  finish(atEnd: boolean): void;
  /** Data offset after the last byte pushed. */
  position(): number;
  /** Newlines counted so far in the owned part. */
  newlines(): number;
  /** True once everything owned has been scanned: more bytes are not needed. */
  done(): boolean;
};

export function countNewlines(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  let p = buf.indexOf(10, from);
  while (p !== -1 && p < to) {
    n++;
    p = buf.indexOf(10, p + 1);
  }
  return n;
}

function located(h: RawHit, offset: number, newlines: number): LocatedHit {
  const out: LocatedHit = {
    kind: h.kind,
    brand: h.brand,
    length: h.length,
    last4: h.last4,
    fingerprint: h.fingerprint,
    confidence: h.confidence,
    reasons: h.reasons,
    testCard: h.testCard,
    sad: h.sad,
    snippet: h.snippet,
    offset,
    newlines,
  };
  if (h.first6 !== undefined) out.first6 = h.first6;
  if (h.field !== undefined) out.field = h.field;
  return out;
}

export function createWindowScanner(o: WindowOptions): WindowScanner {
  const buf = Buffer.allocUnsafe(Math.max(o.capacity, 4 * OVERLAP));
  let winStart = o.base; // data offset of buf[0]
  let len = 0;
  let scanned = Math.max(o.ownFrom, o.base); // owned data before this offset has been scanned
  let lines = 0;
  const hits: RawHit[] = [];

  const scan = (final: boolean, atEnd: boolean) => {
    const winEnd = winStart + len;
    const ownB = Math.min(o.ownTo, final ? winEnd : winEnd - OVERLAP);
    if (ownB <= scanned) return;
    const ownStart = scanned - winStart;
    const ownEnd = ownB - winStart;
    hits.length = 0;
    scanRange(
      o.matcher,
      buf,
      0,
      len,
      ownStart,
      ownEnd,
      o.baseIsStart && winStart === o.base,
      final && atEnd,
      hits,
    );
    let p = ownStart;
    for (const h of hits) {
      lines += countNewlines(buf, p, h.start);
      p = h.start;
      o.onHit(located(h, winStart + h.start, lines));
    }
    hits.length = 0;
    lines += countNewlines(buf, p, ownEnd);
    scanned = ownB;
  };

  // Keep only the context the next scan needs.
  const compact = () => {
    const keepFrom = Math.max(winStart, Math.min(scanned, winStart + len) - OVERLAP);
    const drop = keepFrom - winStart;
    if (drop > 0) {
      buf.copyWithin(0, drop, len);
      len -= drop;
      winStart = keepFrom;
    }
    if (len === buf.length) {
      // Nothing owned is left to scan (we are reading right-hand context only): drop the oldest half.
      const half = len >> 1;
      buf.copyWithin(0, half, len);
      len -= half;
      winStart += half;
    }
  };

  const makeRoom = () => {
    if (len < buf.length) return;
    scan(false, false);
    compact();
  };

  return {
    space() {
      makeRoom();
      return buf.subarray(len);
    },
    commit(n) {
      len += n;
    },
    push(chunk) {
      let off = 0;
      while (off < chunk.length) {
        makeRoom();
        const n = Math.min(buf.length - len, chunk.length - off);
        buf.set(chunk.subarray(off, off + n), len);
        len += n;
        off += n;
      }
    },
    finish(atEnd) {
      scan(true, atEnd);
      buf.fill(0, 0, len);
      len = 0;
    },
    position: () => winStart + len,
    newlines: () => lines,
    done: () => scanned >= o.ownTo,
  };
}
