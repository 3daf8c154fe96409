// Address classes follow the IANA registries; exposure levels follow the /8 and /32 size bar
// (internet-exposure.test.ts has its boundaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, parseCidr, type Cidr } from './cidr.js';
import { classSpace, classifyAddress, classesOf, internetFraction, internetSpace } from './classify.js';
import { fullSet, setFromCidrs, size, union, type AddressSet } from './address-set.js';
import { exposureLevelOf } from './internet-exposure.js';

function cls(text: string): string {
  const a = parseAddress(text);
  assert.ok(a, text);
  return classifyAddress(a.family, a.value).cls;
}

function set(...texts: string[]): AddressSet {
  const cidrs: Cidr[] = texts.map((t) => {
    const r = parseCidr(t);
    assert.ok(r.ok, t);
    return r.cidr;
  });
  const family = cidrs[0]!.family;
  return setFromCidrs(family, cidrs);
}

test('IPv4 classes', () => {
  const cases: [string, string][] = [
    ['10.116.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.0', 'public'],
    ['127.0.0.1', 'local'],
    ['169.254.169.254', 'local'],
    ['0.1.2.3', 'special'],
    ['224.0.0.1', 'special'],
    ['240.0.0.1', 'special'],
    ['255.255.255.255', 'special'],
    ['198.18.0.1', 'special'],
    ['192.0.0.8', 'special'],
    ['192.0.2.7', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.10', 'documentation'],
    ['8.8.8.8', 'public'],
    ['104.131.186.241', 'public'],
    ['192.31.196.1', 'public'],
  ];
  for (const [a, c] of cases) assert.equal(cls(a), c, a);
});

test('IPv6 classes', () => {
  const cases: [string, string][] = [
    ['::1', 'local'],
    ['::', 'special'],
    ['fe80::1', 'local'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['ff02::1', 'special'],
    ['2001:db8::10', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2604:a880:0:1010::18a:a001', 'public'],
    ['2001:2::1', 'special'],
    ['2001:0:4136:e378::1', 'public'],
    ['4000::1', 'special'],
    ['64:ff9b::808:808', 'public'],
    ['::ffff:1.2.3.4', 'public'], // read as the IPv4 address 1.2.3.4
  ];
  for (const [a, c] of cases) assert.equal(cls(a), c, a);
});

test('a private VPC range touches only private space (DO-8)', () => {
  assert.deepEqual(classesOf(set('10.116.0.0/20')), ['private']);
  assert.deepEqual(classesOf(set('0.0.0.0/0')).sort(), [
    'documentation',
    'local',
    'private',
    'public',
    'special',
  ]);
});

test('class spaces partition each family', () => {
  for (const family of [4, 6] as const) {
    const all = (['public', 'private', 'local', 'special', 'documentation'] as const).map((c) =>
      classSpace(family, c),
    );
    const total = all.reduce((n, s) => n + size(s), 0n);
    assert.equal(total, size(fullSet(family)));
    assert.equal(size(all.reduce((a, b) => union(a, b))), size(fullSet(family)));
  }
  // IPv4 internet space = 2^32 minus the non-public registry blocks (hand sum):
  // 0/8 + 10/8 + 127/8 = 50331648, 100.64/10 4194304, 169.254/16 65536, 172.16/12 1048576, 192.0.0/24 256,
  // 192.88.99/24 256, 192.168/16 65536, 198.18/15 131072, 224/4 + 240/4 = 536870912; total 592708096;
  // 4294967296 - 592708096 = 3702259200.
  assert.equal(size(internetSpace(4)), 3702259200n);
});

test('exposure levels: the union decides, not any one block (DO-7)', () => {
  assert.equal(exposureLevelOf(set('0.0.0.0/0')), 'exposed');
  assert.equal(exposureLevelOf(set('0.0.0.0/1', '128.0.0.0/1')), 'exposed');
  assert.equal(exposureLevelOf(set('::/0')), 'exposed');
  assert.equal(exposureLevelOf(set('2000::/3')), 'exposed');
  assert.equal(exposureLevelOf(set('198.51.100.0/29', '192.0.2.7/32')), 'restricted-public');
  assert.equal(exposureLevelOf(set('10.116.0.0/20')), 'not-exposed');
  assert.equal(
    exposureLevelOf(set('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10')),
    'not-exposed',
  );
  assert.equal(exposureLevelOf(set('fc00::/7', 'fe80::/10')), 'not-exposed');
  assert.equal(exposureLevelOf(set('8000::/1')), 'not-exposed'); // no global unicast in it
  // 0.0.0.0/1 alone: 0/1 holds 2^31 addresses minus 0/8, 10/8, 100.64/10, 127/8 (hand count 2147483648 - 54525952
  // = 2092957696), far above 2^24: exposed.
  assert.equal(exposureLevelOf(set('0.0.0.0/1')), 'exposed');
  // 0.0.0.0/2: 2^30 minus 0/8 and 10/8 = 1040187392 addresses, only 28% of the internet but far above 2^24: exposed.
  assert.equal(exposureLevelOf(set('0.0.0.0/2')), 'exposed');
  assert.equal(internetFraction(set('0.0.0.0/0')), 1);
});
