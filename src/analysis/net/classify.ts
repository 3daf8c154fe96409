// Classifies addresses by the IANA special-purpose registries, one table used everywhere cdeguard judges
// a source or destination address, so a private VPC range can never be mistaken for a public network.
import { cidrBounds, parseCidr, type Cidr, type IpFamily } from './cidr.js';
import {
  complement,
  contains,
  difference,
  emptySet,
  intersection,
  isEmpty,
  setFromIntervals,
  size,
  union,
  type AddressSet,
} from './address-set.js';

/**
 * - `private`: RFC 1918, shared address space 100.64.0.0/10, IPv6 unique-local fc00::/7;
 * - `local`: loopback and link-local;
 * - `special`: unspecified, "this network" 0.0.0.0/8, multicast, benchmarking, reserved and every IPv6
 *   range outside global unicast 2000::/3 that IANA has not assigned for internet use;
 * - `documentation`: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20. Exposure
 *   treats these like public space, because examples and tests use them to stand for internet addresses;
 * - `public`: everything else.
 */
export type AddressClass = 'public' | 'private' | 'local' | 'special' | 'documentation';

type RegistryEntry = { cidr: string; cls: AddressClass; name: string };

// IANA IPv4 Special-Purpose Address Registry, plus multicast (RFC 5771). Entries IANA marks "globally
// reachable" (AS112 192.31.196.0/24 and 192.175.48.0/24, AMT 192.52.193.0/24) are left public.
const IPV4_REGISTRY: readonly RegistryEntry[] = [
  { cidr: '0.0.0.0/8', cls: 'special', name: '"this network" (RFC 791)' },
  { cidr: '10.0.0.0/8', cls: 'private', name: 'private-use (RFC 1918)' },
  { cidr: '100.64.0.0/10', cls: 'private', name: 'shared address space (RFC 6598)' },
  { cidr: '127.0.0.0/8', cls: 'local', name: 'loopback (RFC 1122)' },
  { cidr: '169.254.0.0/16', cls: 'local', name: 'link-local (RFC 3927)' },
  { cidr: '172.16.0.0/12', cls: 'private', name: 'private-use (RFC 1918)' },
  { cidr: '192.0.0.0/24', cls: 'special', name: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', cls: 'documentation', name: 'documentation TEST-NET-1 (RFC 5737)' },
  { cidr: '192.88.99.0/24', cls: 'special', name: 'deprecated 6to4 relay anycast (RFC 7526)' },
  { cidr: '192.168.0.0/16', cls: 'private', name: 'private-use (RFC 1918)' },
  { cidr: '198.18.0.0/15', cls: 'special', name: 'benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', cls: 'documentation', name: 'documentation TEST-NET-2 (RFC 5737)' },
  { cidr: '203.0.113.0/24', cls: 'documentation', name: 'documentation TEST-NET-3 (RFC 5737)' },
  { cidr: '224.0.0.0/4', cls: 'special', name: 'multicast (RFC 5771)' },
  { cidr: '240.0.0.0/4', cls: 'special', name: 'reserved (RFC 1112), incl. limited broadcast' },
];

// IANA IPv6 Address Space (only 2000::/3 is global unicast; the rest is reserved or assigned to special
// uses) and the IPv6 Special-Purpose Address Registry. More specific entries override less specific ones.
const IPV6_REGISTRY: readonly RegistryEntry[] = [
  { cidr: '::/0', cls: 'special', name: 'reserved by the IETF (outside global unicast 2000::/3)' },
  { cidr: '2000::/3', cls: 'public', name: 'global unicast' },
  { cidr: '::/128', cls: 'special', name: 'unspecified address (RFC 4291)' },
  { cidr: '::1/128', cls: 'local', name: 'loopback (RFC 4291)' },
  { cidr: '64:ff9b::/96', cls: 'public', name: 'IPv4/IPv6 translation, embeds public IPv4 (RFC 6052)' },
  { cidr: '64:ff9b:1::/48', cls: 'private', name: 'local-use IPv4/IPv6 translation (RFC 8215)' },
  { cidr: '2001::/23', cls: 'special', name: 'IETF protocol assignments (RFC 2928)' },
  { cidr: '2001::/32', cls: 'public', name: 'Teredo (RFC 4380)' },
  { cidr: '2001:1::1/128', cls: 'public', name: 'port control protocol anycast (RFC 7723)' },
  { cidr: '2001:1::2/128', cls: 'public', name: 'TURN anycast (RFC 8155)' },
  { cidr: '2001:1::3/128', cls: 'public', name: 'DNS-SD service registration anycast (RFC 9665)' },
  { cidr: '2001:3::/32', cls: 'public', name: 'AMT (RFC 7450)' },
  { cidr: '2001:4:112::/48', cls: 'public', name: 'AS112-v6 (RFC 7535)' },
  { cidr: '2001:20::/28', cls: 'public', name: 'ORCHIDv2 (RFC 7343)' },
  { cidr: '2001:30::/28', cls: 'public', name: 'drone remote ID (RFC 9374)' },
  { cidr: '2001:db8::/32', cls: 'documentation', name: 'documentation (RFC 3849)' },
  { cidr: '3fff::/20', cls: 'documentation', name: 'documentation (RFC 9637)' },
  { cidr: '5f00::/16', cls: 'special', name: 'segment routing SIDs (RFC 9602)' },
  { cidr: 'fc00::/7', cls: 'private', name: 'unique-local (RFC 4193)' },
  { cidr: 'fe80::/10', cls: 'local', name: 'link-local unicast (RFC 4291)' },
  { cidr: 'ff00::/8', cls: 'special', name: 'multicast (RFC 4291)' },
];

type ParsedEntry = { cidr: Cidr; cls: AddressClass; name: string };

function parseRegistry(entries: readonly RegistryEntry[]): ParsedEntry[] {
  return entries
    .map((e) => {
      const p = parseCidr(e.cidr);
      if (!p.ok) throw new Error(`bad registry entry ${e.cidr}: ${p.error}`);
      return { cidr: p.cidr, cls: e.cls, name: e.name };
    })
    .sort((a, b) => a.cidr.prefix - b.cidr.prefix);
}

const CLASSES: readonly AddressClass[] = ['public', 'private', 'local', 'special', 'documentation'];

type ClassSpaces = Readonly<Record<AddressClass, AddressSet>>;

// Built once at load time and never mutated afterwards: constant tables, not state.
function buildSpaces(family: IpFamily, entries: readonly ParsedEntry[]): ClassSpaces {
  const spaces: Record<AddressClass, AddressSet> = {
    public: emptySet(family),
    private: emptySet(family),
    local: emptySet(family),
    special: emptySet(family),
    documentation: emptySet(family),
  };
  // Least specific first, so a more specific entry takes its block away from every other class.
  for (const e of entries) {
    const block = setFromIntervals(family, [cidrBounds(e.cidr)]);
    for (const c of CLASSES) spaces[c] = difference(spaces[c], block);
    spaces[e.cls] = union(spaces[e.cls], block);
  }
  const listed = CLASSES.filter((c) => c !== 'public').reduce(
    (acc, c) => union(acc, spaces[c]),
    emptySet(family),
  );
  spaces.public = complement(listed);
  return spaces;
}

const REGISTRIES: Readonly<Record<IpFamily, readonly ParsedEntry[]>> = {
  4: parseRegistry(IPV4_REGISTRY),
  6: parseRegistry(IPV6_REGISTRY),
};

const SPACES: Readonly<Record<IpFamily, ClassSpaces>> = {
  4: buildSpaces(4, REGISTRIES[4]),
  6: buildSpaces(6, REGISTRIES[6]),
};

/** Every address of the family in the class. */
export function classSpace(family: IpFamily, cls: AddressClass): AddressSet {
  return SPACES[family][cls];
}

const INTERNET: Readonly<Record<IpFamily, AddressSet>> = {
  4: union(SPACES[4].public, SPACES[4].documentation),
  6: union(SPACES[6].public, SPACES[6].documentation),
};

const INTERNET_SIZE: Readonly<Record<IpFamily, bigint>> = { 4: size(INTERNET[4]), 6: size(INTERNET[6]) };

/**
 * The addresses internet hosts can have: `public` plus `documentation` (which stands for public addresses in
 * examples). This is the denominator of every "how much of the internet" question.
 */
export function internetSpace(family: IpFamily): AddressSet {
  return INTERNET[family];
}

/** The class of one address, and the registry entry that decided it (undefined for plain public space). */
export function classifyAddress(
  family: IpFamily,
  value: bigint,
): { cls: AddressClass; range?: string; name?: string } {
  let best: ParsedEntry | undefined;
  for (const e of REGISTRIES[family]) {
    const b = cidrBounds(e.cidr);
    if (value >= b.start && value <= b.end) best = e; // sorted by prefix: the last match is the most specific
  }
  const cls = CLASSES.find((c) => contains(SPACES[family][c], value)) ?? 'public';
  if (best === undefined || best.cls !== cls) return { cls };
  return { cls, range: best.cidr.text, name: best.name };
}

/** Which classes a set touches, e.g. to say "10.116.0.0/20 is private". */
export function classesOf(set: AddressSet): AddressClass[] {
  return CLASSES.filter((c) => !isEmpty(intersection(set, SPACES[set.family][c])));
}

/** How much of the family's internet space (public + documentation) the set covers, 0..1, for display. */
export function internetFraction(set: AddressSet): number {
  return internetShare(set.family, size(intersection(set, internetSpace(set.family))));
}

/** `count` internet addresses as a share of the family's internet space, 0..1, for display. */
export function internetShare(family: IpFamily, count: bigint): number {
  // Scale before converting so IPv6 sizes (up to 2^128) keep their precision as a ratio.
  return Number((count * 1_000_000n) / INTERNET_SIZE[family]) / 1_000_000;
}
