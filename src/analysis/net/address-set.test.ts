// Property tests: set operations agree with a brute-force model on a small universe, and with
// per-block membership on sampled real addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  complementIntervals,
  contains,
  describeSet,
  difference,
  differenceIntervals,
  emptySet,
  equals,
  fullSet,
  intersectIntervals,
  intersection,
  intervalsContain,
  intervalsSize,
  isSubset,
  normalizeIntervals,
  setFromCidrs,
  size,
  toCidrs,
  union,
  unionAll,
  unionIntervals,
  type AddressSet,
  type Interval,
} from './address-set.js';
import { formatCidr, parseCidr, type Cidr } from './cidr.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

const rng = mulberry32;

const MAX = 63n;

function randomIntervals(r: () => number): Interval[] {
  const n = Math.floor(r() * 6);
  const out: Interval[] = [];
  for (let i = 0; i < n; i++) {
    const a = BigInt(Math.floor(r() * 64));
    const b = BigInt(Math.floor(r() * 64));
    out.push(a <= b ? { start: a, end: b } : { start: b, end: a });
  }
  return normalizeIntervals(out);
}

function toBits(ivs: readonly Interval[]): boolean[] {
  const bits = new Array<boolean>(64).fill(false);
  for (const iv of ivs) for (let v = iv.start; v <= iv.end; v++) bits[Number(v)] = true;
  return bits;
}

function assertNormalized(ivs: readonly Interval[]): void {
  for (let i = 0; i < ivs.length; i++) {
    const iv = ivs[i]!;
    assert.ok(iv.start <= iv.end && iv.start >= 0n && iv.end <= MAX);
    if (i > 0) assert.ok(iv.start > ivs[i - 1]!.end + 1n, 'intervals must be disjoint and non-adjacent');
  }
}

test('interval algebra matches a brute-force model on 0..63 (2000 random cases)', () => {
  const r = rng(20240601);
  for (let k = 0; k < 2000; k++) {
    const a = randomIntervals(r);
    const b = randomIntervals(r);
    const A = toBits(a);
    const B = toBits(b);
    const u = unionIntervals(a, b);
    const i = intersectIntervals(a, b);
    const d = differenceIntervals(a, b);
    const c = complementIntervals(a, MAX);
    for (const s of [u, i, d, c]) assertNormalized(s);
    assert.deepEqual(
      toBits(u),
      A.map((x, j) => x || B[j]!),
    );
    assert.deepEqual(
      toBits(i),
      A.map((x, j) => x && B[j]!),
    );
    assert.deepEqual(
      toBits(d),
      A.map((x, j) => x && !B[j]!),
    );
    assert.deepEqual(
      toBits(c),
      A.map((x) => !x),
    );
    assert.equal(intervalsSize(a), BigInt(A.filter(Boolean).length));
    for (let v = 0; v < 64; v++) assert.equal(intervalsContain(a, BigInt(v)), A[v]);
  }
});

test('intersection and difference of a few intervals with many match the model on 0..4095', () => {
  // Sizes far apart take the binary-search path (a rule's blocks against "the internet minus every
  // Droplet of a tag"); the result must not depend on the path.
  const r = rng(20261203);
  const randomSet = (count: number): Interval[] => {
    const out: Interval[] = [];
    for (let i = 0; i < count; i++) {
      const a = BigInt(Math.floor(r() * 4096));
      const len = BigInt(Math.floor(r() * (count > 10 ? 4 : 1500)));
      out.push({ start: a, end: a + len > 4095n ? 4095n : a + len });
    }
    return normalizeIntervals(out);
  };
  const bits = (ivs: readonly Interval[]): boolean[] => {
    const out = new Array<boolean>(4096).fill(false);
    for (const iv of ivs) for (let v = iv.start; v <= iv.end; v++) out[Number(v)] = true;
    return out;
  };
  for (let k = 0; k < 500; k++) {
    const few = randomSet(1 + Math.floor(r() * 3));
    const many = randomSet(60 + Math.floor(r() * 140));
    assert.ok(few.length * 16 < many.length, 'the sizes must be far apart');
    const F = bits(few);
    const M = bits(many);
    for (const [a, b, A, B] of [
      [few, many, F, M],
      [many, few, M, F],
    ] as const) {
      const i = intersectIntervals(a, b);
      const d = differenceIntervals(a, b);
      for (const x of [i, d]) {
        for (let j = 0; j < x.length; j++) {
          assert.ok(x[j]!.start <= x[j]!.end);
          if (j > 0) assert.ok(x[j]!.start > x[j - 1]!.end + 1n, 'disjoint and non-adjacent');
        }
      }
      assert.deepEqual(
        bits(i),
        A.map((v, j) => v && B[j]!),
      );
      assert.deepEqual(
        bits(d),
        A.map((v, j) => v && !B[j]!),
      );
    }
  }
});

test('union and unionAll of sets merge already-sorted operands correctly (0..63, 2000 cases)', () => {
  const r = rng(7);
  const asSet = (ivs: Interval[]): AddressSet => ({ family: 4, intervals: ivs });
  for (let k = 0; k < 2000; k++) {
    const parts = Array.from({ length: 1 + Math.floor(r() * 7) }, () => randomIntervals(r));
    const bitsOf = parts.map(toBits);
    const expected = bitsOf[0]!.map((_, j) => bitsOf.some((b) => b[j]!));
    const all = unionAll(4, parts.map(asSet)).intervals;
    assertNormalized(all);
    assert.deepEqual(toBits(all), expected);
    const pair = union(asSet(parts[0]!), asSet(parts[parts.length - 1]!)).intervals;
    assertNormalized(pair);
    assert.deepEqual(
      toBits(pair),
      bitsOf[0]!.map((x, j) => x || bitsOf[bitsOf.length - 1]![j]!),
    );
  }
});

function randomCidr(r: () => number, family: 4 | 6): Cidr {
  const bits = family === 4 ? 32 : 128;
  const prefix = Math.floor(r() * (bits + 1));
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(Math.floor(r() * 65536));
  v &= (1n << BigInt(bits)) - 1n;
  const text =
    family === 4
      ? `${Number((v >> 24n) & 255n)}.${Number((v >> 16n) & 255n)}.${Number((v >> 8n) & 255n)}.${Number(v & 255n)}/${prefix}`
      : undefined;
  if (text !== undefined) {
    const p = parseCidr(text);
    assert.ok(p.ok);
    return p.cidr;
  }
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { family, network: v & mask, prefix, text: '', mappedFromIpv6: false, hostBitsSet: false };
}

function inCidr(c: Cidr, v: bigint): boolean {
  const bits = c.family === 4 ? 32 : 128;
  return v >> BigInt(bits - c.prefix) === c.network >> BigInt(bits - c.prefix);
}

for (const family of [4, 6] as const) {
  test(`IPv${family} sets built from random blocks agree with per-block membership on sampled addresses`, () => {
    const r = rng(family * 7919);
    const bits = family === 4 ? 32 : 128;
    for (let k = 0; k < 300; k++) {
      // Long prefixes mostly, so sets are sparse and sampling near block edges matters.
      const as = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomCidr(r, family));
      const bs = Array.from({ length: 1 + Math.floor(r() * 4) }, () => randomCidr(r, family));
      const A = setFromCidrs(family, as);
      const B = setFromCidrs(family, bs);
      const samples: bigint[] = [];
      for (const c of [...as, ...bs]) {
        const span = 1n << BigInt(bits - c.prefix);
        samples.push(c.network, c.network + span - 1n, c.network - 1n, c.network + span);
      }
      for (let s = 0; s < 20; s++) samples.push(randomCidr(r, family).network);
      const max = (1n << BigInt(bits)) - 1n;
      for (const v of samples.filter((x) => x >= 0n && x <= max)) {
        const inA = as.some((c) => inCidr(c, v));
        const inB = bs.some((c) => inCidr(c, v));
        assert.equal(contains(A, v), inA);
        assert.equal(contains(union(A, B), v), inA || inB);
        assert.equal(contains(intersection(A, B), v), inA && inB);
        assert.equal(contains(difference(A, B), v), inA && !inB);
      }
      // toCidrs gives back exactly the same set.
      assert.ok(
        equals(
          setFromCidrs(
            family,
            toCidrs(A).map((c) => ({ ...c, text: '', mappedFromIpv6: false, hostBitsSet: false })),
          ),
          A,
        ),
      );
    }
  });
}

test('0.0.0.0/1 and 128.0.0.0/1 together are every IPv4 address (DO-7 case 3)', () => {
  const halves = [parseCidr('0.0.0.0/1'), parseCidr('128.0.0.0/1')].map((p) =>
    p.ok ? p.cidr : assert.fail(),
  );
  const s = setFromCidrs(4, halves);
  assert.ok(equals(s, fullSet(4)));
  assert.equal(size(s), 2n ** 32n);
  assert.equal(describeSet(s), '0.0.0.0/0');
});

test('sizes, subsets and descriptions', () => {
  const p = (t: string): Cidr => {
    const r = parseCidr(t);
    assert.ok(r.ok);
    return r.cidr;
  };
  const small = setFromCidrs(4, [p('198.51.100.0/29'), p('192.0.2.7/32')]);
  assert.equal(size(small), 9n);
  assert.equal(describeSet(small), '192.0.2.7, 198.51.100.0/29');
  assert.ok(isSubset(small, fullSet(4)));
  assert.ok(!isSubset(fullSet(4), small));
  assert.equal(size(fullSet(6)), 2n ** 128n);
  assert.equal(describeSet(emptySet(6)), '(none)');
  assert.deepEqual(
    toCidrs(setFromCidrs(4, [p('10.0.0.1'), p('10.0.0.2/31'), p('10.0.0.4/30')])).map(formatCidr),
    ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30'],
  );
  // IPv4 blocks never leak into an IPv6 set.
  assert.equal(size(setFromCidrs(6, [p('0.0.0.0/0')])), 0n);
  assert.throws(() => union(fullSet(4), fullSet(6)), RangeError);
});
