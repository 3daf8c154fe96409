// Every spelling of a block parses to the same numbers; ambiguous or malformed spellings are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress, formatCidr, parseAddress, parseCidr, type Cidr } from './cidr.js';

function ok(text: string): Cidr {
  const r = parseCidr(text);
  assert.ok(r.ok, `expected ${text} to parse: ${r.ok ? '' : r.error}`);
  return r.cidr;
}

test('every spelling of "any IPv6" is ::/0 (DO-4)', () => {
  for (const s of ['::/0', '::0/0', '0::/0', '0:0:0:0:0:0:0:0/0', ' ::/0 ']) {
    const c = ok(s);
    assert.equal(c.family, 6, s);
    assert.equal(c.prefix, 0, s);
    assert.equal(c.network, 0n, s);
  }
});

test('any IPv4 is 0.0.0.0/0, and it is not IPv6', () => {
  const c = ok('0.0.0.0/0');
  assert.deepEqual([c.family, c.network, c.prefix], [4, 0n, 0]);
});

test('bare addresses are /32 and /128', () => {
  const v4 = ok('192.0.2.7');
  assert.deepEqual([v4.family, v4.network, v4.prefix], [4, 0xc0000207n, 32]);
  const v6 = ok('2001:db8::10');
  assert.deepEqual([v6.family, v6.network, v6.prefix], [6, 0x20010db8000000000000000000000010n, 128]);
});

test('host bits are cleared and flagged', () => {
  const c = ok('10.116.3.4/20');
  assert.equal(formatCidr(c), '10.116.0.0/20');
  assert.equal(c.hostBitsSet, true);
  assert.equal(ok('10.116.0.0/20').hostBitsSet, false);
});

test('IPv4-mapped IPv6 reads as the IPv4 block it denotes, and says so', () => {
  const a = ok('::ffff:192.0.2.7');
  assert.deepEqual([a.family, a.network, a.prefix, a.mappedFromIpv6], [4, 0xc0000207n, 32, true]);
  const b = ok('::ffff:c000:0200/120');
  assert.deepEqual([b.family, formatCidr(b), b.mappedFromIpv6], [4, '192.0.2.0/24', true]);
  const all = ok('::ffff:0.0.0.0/96');
  assert.deepEqual([all.family, all.prefix], [4, 0]);
  // A shorter prefix reaches outside ::ffff:0:0/96, so it stays an IPv6 block.
  const wide = ok('::ffff:0:0/80');
  assert.deepEqual([wide.family, wide.mappedFromIpv6], [6, false]);
});

test('uppercase and expanded IPv6 spellings are the same block', () => {
  assert.equal(ok('2001:DB8:0:0:0:0:0:0/32').network, ok('2001:db8::/32').network);
});

test('malformed and ambiguous spellings are refused with a reason', () => {
  for (const s of [
    '',
    'any',
    '10.0.0.0/33',
    '::/129',
    '10.0.0/8',
    '127.1',
    '0x7f.0.0.1',
    '010.0.0.1',
    '256.0.0.1',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    'fe80::1%eth0',
    '::ffff:010.0.0.1',
    '2001:db8:::1',
    '1.2.3.4/ 8',
  ]) {
    const r = parseCidr(s);
    assert.equal(r.ok, false, `expected ${JSON.stringify(s)} to be refused`);
    if (!r.ok) assert.ok(r.error.length > 0);
  }
});

test('parseAddress and formatAddress round-trip', () => {
  assert.deepEqual(parseAddress('203.0.113.10'), { family: 4, value: 0xcb00710an });
  assert.deepEqual(parseAddress('::ffff:203.0.113.10'), { family: 4, value: 0xcb00710an });
  assert.equal(parseAddress('not an ip'), null);
  assert.equal(formatAddress(4, 0xcb00710an), '203.0.113.10');
  assert.equal(formatAddress(6, 0x20010db8000000000000000000000010n), '2001:db8::10');
  assert.equal(formatAddress(6, 0n), '::');
});
