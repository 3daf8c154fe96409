// Sets of IP addresses of one family as sorted, disjoint, non-adjacent inclusive intervals, so that
// "which addresses may connect" is computed over whole rule sets, never CIDR by CIDR.
import {
  ADDRESS_BITS,
  cidrBounds,
  formatAddress,
  formatCidr,
  maxAddress,
  type Cidr,
  type IpFamily,
} from './cidr.js';

/** Inclusive interval of addresses. */
export type Interval = { readonly start: bigint; readonly end: bigint };

/** Invariant: intervals sorted by start, disjoint and not adjacent (merged), all within the family. */
export type AddressSet = { readonly family: IpFamily; readonly intervals: readonly Interval[] };

// ---- interval algebra over [0, max]; exported for property tests on small universes ----

/** Sorts and merges overlapping or adjacent intervals. */
export function normalizeIntervals(input: readonly Interval[]): Interval[] {
  const sorted = [...input].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    if (iv.end < iv.start) continue;
    const last = out[out.length - 1];
    if (last !== undefined && iv.start <= last.end + 1n) {
      if (iv.end > last.end) out[out.length - 1] = { start: last.start, end: iv.end };
    } else {
      out.push(iv);
    }
  }
  return out;
}

export function unionIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  return normalizeIntervals([...a, ...b]);
}

/** The union of two normalised lists, merged in one pass (no sort). */
function mergeNormalized(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: Interval;
    if (y === undefined || (x !== undefined && x.start <= y.start)) {
      next = x as Interval;
      i++;
    } else {
      next = y;
      j++;
    }
    const last = out[out.length - 1];
    if (last !== undefined && next.start <= last.end + 1n) {
      if (next.end > last.end) out[out.length - 1] = { start: last.start, end: next.end };
    } else {
      out.push(next);
    }
  }
  return out;
}

/** First index in `a` whose interval ends at or after `value` (a.length if none). */
function firstEndingFrom(a: readonly Interval[], value: bigint, from: number): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as Interval).end < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// A few intervals against many (a rule's blocks against "the internet minus every Droplet of a tag"):
// look each small one up instead of walking the large list.
function intersectFewWithMany(few: readonly Interval[], many: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of few) {
    j = firstEndingFrom(many, x.start, j);
    for (let k = j; k < many.length; k++) {
      const y = many[k] as Interval;
      if (y.start > x.end) break;
      out.push({ start: x.start > y.start ? x.start : y.start, end: x.end < y.end ? x.end : y.end });
    }
  }
  return out;
}

export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (a.length * 16 < b.length) return intersectFewWithMany(a, b);
  if (b.length * 16 < a.length) return intersectFewWithMany(b, a);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const start = x.start > y.start ? x.start : y.start;
    const end = x.end < y.end ? x.end : y.end;
    if (start <= end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

export function complementIntervals(a: readonly Interval[], max: bigint): Interval[] {
  const out: Interval[] = [];
  let next = 0n;
  for (const iv of a) {
    if (iv.start > next) out.push({ start: next, end: iv.start - 1n });
    next = iv.end + 1n;
  }
  if (next <= max) out.push({ start: next, end: max });
  return out;
}

/** `a` minus `b`. */
export function differenceIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    // The intervals of `b` that overlap `x` cut it into pieces; find the first by binary search.
    j = firstEndingFrom(b, x.start, j);
    let start = x.start;
    for (let k = j; k < b.length && start <= x.end; k++) {
      const y = b[k] as Interval;
      if (y.start > x.end) break;
      if (y.start > start) out.push({ start, end: y.start - 1n });
      start = y.end + 1n;
    }
    if (start <= x.end) out.push({ start, end: x.end });
  }
  return out;
}

export function intervalsSize(a: readonly Interval[]): bigint {
  let n = 0n;
  for (const iv of a) n += iv.end - iv.start + 1n;
  return n;
}

export function intervalsContain(a: readonly Interval[], value: bigint): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const iv = a[mid] as Interval;
    if (value < iv.start) hi = mid - 1;
    else if (value > iv.end) lo = mid + 1;
    else return true;
  }
  return false;
}

// ---- address sets ----

function sameFamily(a: AddressSet, b: AddressSet): void {
  if (a.family !== b.family)
    throw new RangeError(`address families differ: IPv${a.family} and IPv${b.family}`);
}

export function emptySet(family: IpFamily): AddressSet {
  return { family, intervals: [] };
}

export function fullSet(family: IpFamily): AddressSet {
  return { family, intervals: [{ start: 0n, end: maxAddress(family) }] };
}

export function setFromIntervals(family: IpFamily, intervals: readonly Interval[]): AddressSet {
  const max = maxAddress(family);
  for (const iv of intervals) {
    if (iv.start < 0n || iv.end > max) throw new RangeError(`interval outside the IPv${family} space`);
  }
  return { family, intervals: normalizeIntervals(intervals) };
}

/** The set of the given blocks of `family`; blocks of the other family are ignored. */
export function setFromCidrs(family: IpFamily, cidrs: readonly Cidr[]): AddressSet {
  return setFromIntervals(family, cidrs.filter((c) => c.family === family).map(cidrBounds));
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  sameFamily(a, b);
  if (b.intervals.length === 0) return a;
  if (a.intervals.length === 0) return b;
  return { family: a.family, intervals: mergeNormalized(a.intervals, b.intervals) };
}

export function unionAll(family: IpFamily, sets: readonly AddressSet[]): AddressSet {
  const nonEmpty: AddressSet[] = [];
  for (const s of sets) {
    if (s.family !== family) throw new RangeError(`address families differ: IPv${family} and IPv${s.family}`);
    if (s.intervals.length > 0) nonEmpty.push(s);
  }
  // Sets are immutable and already normalised: one set is its own union.
  if (nonEmpty.length === 0) return emptySet(family);
  if (nonEmpty.length === 1) return nonEmpty[0] as AddressSet;
  // Every operand is already sorted and merged: a few are merged in one pass each, many are sorted together.
  if (nonEmpty.length <= 4) {
    let merged = (nonEmpty[0] as AddressSet).intervals;
    for (const s of nonEmpty.slice(1)) merged = mergeNormalized(merged, s.intervals);
    return { family, intervals: merged };
  }
  const all: Interval[] = [];
  for (const s of nonEmpty) for (const iv of s.intervals) all.push(iv);
  return { family, intervals: normalizeIntervals(all) };
}

export function intersection(a: AddressSet, b: AddressSet): AddressSet {
  sameFamily(a, b);
  return { family: a.family, intervals: intersectIntervals(a.intervals, b.intervals) };
}

export function difference(a: AddressSet, b: AddressSet): AddressSet {
  sameFamily(a, b);
  if (a.intervals.length === 0 || b.intervals.length === 0) return a;
  return { family: a.family, intervals: differenceIntervals(a.intervals, b.intervals) };
}

export function complement(a: AddressSet): AddressSet {
  return { family: a.family, intervals: complementIntervals(a.intervals, maxAddress(a.family)) };
}

export function contains(set: AddressSet, address: bigint): boolean {
  return intervalsContain(set.intervals, address);
}

/** Whether every address of `inner` is in `outer`. */
export function isSubset(inner: AddressSet, outer: AddressSet): boolean {
  return difference(inner, outer).intervals.length === 0;
}

export function size(set: AddressSet): bigint {
  return intervalsSize(set.intervals);
}

export function isEmpty(set: AddressSet): boolean {
  return set.intervals.length === 0;
}

export function equals(a: AddressSet, b: AddressSet): boolean {
  return (
    a.family === b.family &&
    a.intervals.length === b.intervals.length &&
    a.intervals.every((iv, i) => iv.start === b.intervals[i]?.start && iv.end === b.intervals[i]?.end)
  );
}

/** The smallest list of CIDR blocks that exactly covers the set, in address order (for evidence). */
export function toCidrs(set: AddressSet): { family: IpFamily; network: bigint; prefix: number }[] {
  const bits = ADDRESS_BITS[set.family];
  const out: { family: IpFamily; network: bigint; prefix: number }[] = [];
  for (const iv of set.intervals) {
    let start = iv.start;
    while (start <= iv.end) {
      // Largest block aligned at `start` that does not run past the interval's end.
      let hostBits = 0;
      while (hostBits < bits) {
        const next = hostBits + 1;
        const blockSize = 1n << BigInt(next);
        if (start % blockSize !== 0n || start + blockSize - 1n > iv.end) break;
        hostBits = next;
      }
      out.push({ family: set.family, network: start, prefix: bits - hostBits });
      start += 1n << BigInt(hostBits);
    }
  }
  return out;
}

/** Human form, e.g. `0.0.0.0/0` or `198.51.100.0/29, 192.0.2.7/32`; long sets are shortened. */
export function describeSet(set: AddressSet, limit = 8): string {
  if (set.intervals.length === 0) return '(none)';
  const cidrs = toCidrs(set);
  const shown = cidrs
    .slice(0, limit)
    .map((c) => (c.prefix === ADDRESS_BITS[c.family] ? formatAddress(c.family, c.network) : formatCidr(c)));
  return cidrs.length > limit
    ? `${shown.join(', ')} and ${cidrs.length - limit} more blocks`
    : shown.join(', ');
}
