// The "internet" bar: a public source set is the internet when its public part holds at least an IPv4 /8
// (2^24) or an IPv6 /32 (2^96) worth of addresses. Every expected value below is counted by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, type Cidr } from './cidr.js';
import { difference, setFromCidrs, size, type AddressSet } from './address-set.js';
import {
  EXPOSURE_THRESHOLD_TEXT,
  INTERNET_THRESHOLD,
  describeAddressCount,
  exposureLevelOf,
  exposureThresholdText,
  publicPart,
} from './internet-exposure.js';

function set(...texts: string[]): AddressSet {
  const cidrs: Cidr[] = texts.map((t) => {
    const r = parseCidr(t);
    assert.ok(r.ok, t);
    return r.cidr;
  });
  return setFromCidrs(cidrs[0]!.family, cidrs);
}
const minus = (a: AddressSet, b: AddressSet): AddressSet => difference(a, b);

test('the bar is an IPv4 /8 and an IPv6 /32 worth of addresses', () => {
  assert.equal(INTERNET_THRESHOLD[4].addresses, 16_777_216n); // 2^24
  assert.equal(INTERNET_THRESHOLD[6].addresses, 79_228_162_514_264_337_593_543_950_336n); // 2^96
  assert.equal(INTERNET_THRESHOLD[4].prefix, 8);
  assert.equal(INTERNET_THRESHOLD[6].prefix, 32);
});

test('the sets a tester showed passing under the "more than half" bar are the internet', () => {
  // 128.0.0.0/1: 2^31 = 2,147,483,648 minus the non-public blocks inside it: 169.254/16 65,536,
  // 172.16/12 1,048,576, 192.0.0/24 256, 192.88.99/24 256, 192.168/16 65,536, 198.18/15 131,072,
  // 224/4 + 240/4 536,870,912 (sum 538,182,144) = 1,609,301,504 public addresses: 43% of the IPv4 internet.
  assert.equal(size(publicPart(set('128.0.0.0/1'))), 1_609_301_504n);
  assert.equal(exposureLevelOf(set('128.0.0.0/1')), 'exposed');
  // 0.0.0.0/2: 2^30 = 1,073,741,824 minus 0/8 and 10/8 (16,777,216 each) = 1,040,187,392: 28%.
  assert.equal(size(publicPart(set('0.0.0.0/2'))), 1_040_187_392n);
  assert.equal(exposureLevelOf(set('0.0.0.0/2')), 'exposed');
  // 2000::/4: 2^124 addresses, of which at most 2001::/23 (2^105) is not public.
  assert.ok(size(publicPart(set('2000::/4'))) >= (1n << 124n) - (1n << 105n));
  assert.equal(exposureLevelOf(set('2000::/4')), 'exposed');
  // allow 0.0.0.0/0, deny 0.0.0.0/1: what is left is 128.0.0.0/1.
  assert.equal(exposureLevelOf(minus(set('0.0.0.0/0'), set('0.0.0.0/1'))), 'exposed');
});

test('DO-7 stays right: 9 narrow public addresses are restricted, two halves are the internet', () => {
  assert.equal(size(publicPart(set('198.51.100.0/29', '192.0.2.7/32'))), 9n);
  assert.equal(exposureLevelOf(set('198.51.100.0/29', '192.0.2.7/32')), 'restricted-public');
  assert.equal(exposureLevelOf(set('0.0.0.0/1', '128.0.0.0/1')), 'exposed');
});

test('IPv4 boundary: exactly a /8 worth of public addresses is the internet, one less is not', () => {
  // 11.0.0.0/8 holds no registry block: 16,777,216 public addresses.
  assert.equal(size(publicPart(set('11.0.0.0/8'))), 16_777_216n);
  assert.equal(exposureLevelOf(set('11.0.0.0/8')), 'exposed');
  assert.equal(size(minus(set('11.0.0.0/8'), set('11.255.255.255/32'))), 16_777_215n);
  assert.equal(exposureLevelOf(minus(set('11.0.0.0/8'), set('11.255.255.255/32'))), 'restricted-public');
  // Two half-/8s in different places add up: 2 x 8,388,608.
  assert.equal(exposureLevelOf(set('12.0.0.0/9', '14.128.0.0/9')), 'exposed');
  assert.equal(exposureLevelOf(set('12.0.0.0/9')), 'restricted-public');
  // Only the public part counts: 10.0.0.0/7 is private 10/8 plus public 11/8.
  assert.equal(exposureLevelOf(set('10.0.0.0/7')), 'exposed');
  assert.equal(exposureLevelOf(minus(set('10.0.0.0/7'), set('11.0.0.0/32'))), 'restricted-public');
  assert.equal(exposureLevelOf(set('10.0.0.0/8')), 'not-exposed');
});

test('IPv6 boundary: exactly a /32 worth of public addresses is the internet, one less is not', () => {
  // 2a00::/32 is plain global unicast: 2^96 public addresses.
  assert.equal(size(publicPart(set('2a00::/32'))), 1n << 96n);
  assert.equal(exposureLevelOf(set('2a00::/32')), 'exposed');
  assert.equal(size(minus(set('2a00::/32'), set('2a00::/128'))), (1n << 96n) - 1n);
  assert.equal(exposureLevelOf(minus(set('2a00::/32'), set('2a00::/128'))), 'restricted-public');
  // Two /33s: 2^95 + 2^95.
  assert.equal(exposureLevelOf(set('2a00::/33', '2a01::/33')), 'exposed');
  // A site (/48) is an allow-list entry, not the internet.
  assert.equal(exposureLevelOf(set('2a00:1450::/48')), 'restricted-public');
  // Far more than 2^96 addresses, none public: unique-local fc00::/7 (2^121).
  assert.equal(exposureLevelOf(set('fc00::/7')), 'not-exposed');
});

test('the bar is stated in words where findings print it', () => {
  assert.equal(
    exposureThresholdText(4),
    'at least as many public addresses as an IPv4 /8 (2^24 = 16,777,216 addresses): no single allow-listed office, VPN or partner needs that much, so such a set admits "the internet"',
  );
  assert.ok(exposureThresholdText(6).includes('an IPv6 /32 (2^96 addresses, a whole ISP allocation)'));
  assert.ok(
    EXPOSURE_THRESHOLD_TEXT.includes('an IPv4 /8') && EXPOSURE_THRESHOLD_TEXT.includes('an IPv6 /32'),
  );
});

test('address counts are exact for IPv4 sizes and powers of two above', () => {
  assert.equal(describeAddressCount(9n), '9');
  assert.equal(describeAddressCount(16_777_216n), '16,777,216');
  assert.equal(describeAddressCount(3_702_259_200n), '3,702,259,200');
  assert.equal(describeAddressCount(1n << 96n), '2^96');
  assert.equal(describeAddressCount((1n << 124n) + 5n), 'over 2^124');
});
