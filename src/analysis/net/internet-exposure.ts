// Decides how much of the internet an allowed address set admits. Shared by every layer that judges
// exposure (cloud firewalls, host firewalls), so "open to the internet" means the same thing everywhere.
import { intersection, isEmpty, size, type AddressSet } from './address-set.js';
import { internetSpace } from './classify.js';

/**
 * - `exposed`: the set covers MORE THAN HALF of the family's internet address space (public plus
 *   documentation ranges). No single organisation holds anywhere near that much address space, so a rule
 *   set admitting it admits "the internet", however it is spelled: `0.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`,
 *   or a long list of blocks. A list of narrow public blocks (a /29 and a /32) stays far below it.
 * - `restricted-public`: some public addresses, but not the internet: a business need must be documented.
 * - `not-exposed`: no public address at all (private, local or special space only, or nothing).
 */
export type ExposureLevel = 'exposed' | 'restricted-public' | 'not-exposed';

export const EXPOSURE_THRESHOLD_TEXT =
  'more than half of the public address space of that family: no single organisation holds that much, so such a set admits "the internet"';

export function exposureLevelOf(set: AddressSet): ExposureLevel {
  const space = internetSpace(set.family);
  const covered = size(intersection(set, space));
  if (covered * 2n > size(space)) return 'exposed';
  return covered > 0n ? 'restricted-public' : 'not-exposed';
}

/** The part of a set that internet hosts can have. */
export function publicPart(set: AddressSet): AddressSet {
  return intersection(set, internetSpace(set.family));
}

export function hasPublicAddresses(set: AddressSet): boolean {
  return !isEmpty(publicPart(set));
}

export const EXPOSURE_RANK: Readonly<Record<ExposureLevel, number>> = {
  'not-exposed': 0,
  'restricted-public': 1,
  exposed: 2,
};
