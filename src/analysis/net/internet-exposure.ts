// Decides how much of the internet an allowed address set admits. Shared by every layer that judges
// exposure (cloud firewalls, host firewalls), so "open to the internet" means the same thing everywhere.
import type { IpFamily } from './cidr.js';
import { intersection, isEmpty, size, type AddressSet } from './address-set.js';
import { internetSpace } from './classify.js';

/**
 * The size bar for "the internet", per address family. An allowed set counts as the internet when its
 * public part (public plus documentation space; private, local and special space never counts, DO-8)
 * holds AT LEAST as many addresses as
 * - IPv4: a /8, 2^24 = 16,777,216 addresses;
 * - IPv6: a /32, 2^96 addresses, the block a regional registry allocates to a whole ISP.
 *
 * Why an absolute size, and why these sizes: an allow-list exists for named counterparties, such as an
 * office or a VPN egress (one address up to a /24; a /48 per site in IPv6) or a partner's published
 * ranges, each far smaller than a /8 or a /32. A set that large admits millions of unrelated hosts, or
 * every customer of an ISP, and an attacker needs only one host somewhere inside it. A share of the
 * address space is the wrong measure: 0.0.0.0/2 (a quarter of IPv4), 128.0.0.0/1, or 2000::/4 (half of
 * IPv6 global unicast) stayed under the former "more than half" bar although each is open to the world in
 * every practical sense.
 *
 * The bar is applied to the union of everything allowed after denies, so every spelling of the same set
 * gives the same answer (DO-7): 0.0.0.0/0; 0.0.0.0/1 + 128.0.0.0/1; 0.0.0.0/0 with 0.0.0.0/1 denied; a
 * long list of blocks. The narrow sources of DO-7 case 1 (198.51.100.0/29 + 192.0.2.7/32, 9 addresses)
 * stay far below it.
 */
export const INTERNET_THRESHOLD: Readonly<
  Record<IpFamily, { readonly prefix: number; readonly addresses: bigint; readonly words: string }>
> = {
  4: { prefix: 8, addresses: 1n << 24n, words: 'an IPv4 /8 (2^24 = 16,777,216 addresses)' },
  6: { prefix: 32, addresses: 1n << 96n, words: 'an IPv6 /32 (2^96 addresses, a whole ISP allocation)' },
};

const WHY_THRESHOLD =
  'no single allow-listed office, VPN or partner needs that much, so such a set admits "the internet"';

/** The bar and its reason in words, for one family: what findings print. */
export function exposureThresholdText(family: IpFamily): string {
  return `at least as many public addresses as ${INTERNET_THRESHOLD[family].words}: ${WHY_THRESHOLD}`;
}

/** The bar and its reason in words, for both families. */
export const EXPOSURE_THRESHOLD_TEXT = `at least as many public addresses as ${INTERNET_THRESHOLD[4].words} over IPv4, or as ${INTERNET_THRESHOLD[6].words} over IPv6: ${WHY_THRESHOLD}`;

/**
 * - `exposed`: the set's public part reaches the `INTERNET_THRESHOLD` of its family: it admits "the
 *   internet", however it is spelled.
 * - `restricted-public`: some public addresses, but fewer: a business need must be documented.
 * - `not-exposed`: no public address at all (private, local or special space only, or nothing).
 */
export type ExposureLevel = 'exposed' | 'restricted-public' | 'not-exposed';

export function exposureLevelOf(set: AddressSet): ExposureLevel {
  return exposureLevelOfCount(set.family, size(publicPart(set)));
}

/** The level of a set whose public part holds `publicCount` addresses. */
export function exposureLevelOfCount(family: IpFamily, publicCount: bigint): ExposureLevel {
  if (publicCount >= INTERNET_THRESHOLD[family].addresses) return 'exposed';
  return publicCount > 0n ? 'restricted-public' : 'not-exposed';
}

/** The part of a set that internet hosts can have. */
export function publicPart(set: AddressSet): AddressSet {
  return intersection(set, internetSpace(set.family));
}

export function hasPublicAddresses(set: AddressSet): boolean {
  return !isEmpty(publicPart(set));
}

/** A number of addresses for people: exact up to 2^32 (`16,777,216`), a power of two above (`2^125`, `over 2^96`). */
export function describeAddressCount(n: bigint): string {
  if (n <= 1n << 32n) return n.toString().replace(/\B(?=(\d{3})+$)/g, ',');
  const bits = n.toString(2).length - 1;
  return n === 1n << BigInt(bits) ? `2^${bits}` : `over 2^${bits}`;
}

export const EXPOSURE_RANK: Readonly<Record<ExposureLevel, number>> = {
  'not-exposed': 0,
  'restricted-public': 1,
  exposed: 2,
};
