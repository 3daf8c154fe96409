// What DigitalOcean Cloud Firewalls let through for one Droplet: which firewalls cover it, the effective
// allowed peer set per direction, protocol and port (allows united across firewalls, minus every deny),
// and whether that admits the internet. Pure; the checks build their verdicts on it.
import type {
  Droplet,
  Firewall,
  FirewallRule,
  IpFamily,
  PortRange,
  RulePeers,
} from '../model/digitalocean.js';
import type { Source } from '../model/observed.js';
import { parseCidr, type Cidr } from './net/cidr.js';
import {
  describeSet,
  difference,
  emptySet,
  fullSet,
  intersection,
  isEmpty,
  setFromCidrs,
  size,
  union,
  type AddressSet,
} from './net/address-set.js';
import { internetFraction, internetSpace } from './net/classify.js';
import {
  EXPOSURE_RANK,
  EXPOSURE_THRESHOLD_TEXT,
  exposureLevelOf,
  type ExposureLevel,
} from './net/internet-exposure.js';

export type Direction = FirewallRule['direction'];
export type Protocol = 'tcp' | 'udp' | 'icmp';
export const FAMILIES: readonly IpFamily[] = [4, 6];

const KNOWN_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'icmp'];

// ---------------------------------------------------------------- coverage

/** A firewall that applies to a Droplet, and why: its id is listed, and/or it shares tags with the firewall. */
export type Coverage = { firewall: Firewall; byDropletId: boolean; byTags: string[] };

/** Firewalls apply to a Droplet listed in `droplet_ids` OR carrying any of the firewall's `tags`. */
export function coveringFirewalls(droplet: Droplet, firewalls: readonly Firewall[]): Coverage[] {
  const out: Coverage[] = [];
  for (const firewall of firewalls) {
    const byDropletId = firewall.dropletIds.includes(droplet.id);
    const byTags = firewall.tags.filter((t) => droplet.tags.includes(t));
    if (byDropletId || byTags.length > 0) out.push({ firewall, byDropletId, byTags });
  }
  return out;
}

export function describeCoverage(c: Coverage): string {
  const how = [
    ...(c.byDropletId ? ['by Droplet id'] : []),
    ...(c.byTags.length > 0 ? [`by tag ${c.byTags.map((t) => `"${t}"`).join(', ')}`] : []),
  ].join(' and ');
  return `firewall "${c.firewall.name}" (${c.firewall.id}), applied ${how}`;
}

/**
 * Firewalls whose latest changes DigitalOcean has not applied yet (`status: "waiting"`, pending changes) or
 * could not apply (`failed`): what they say may not be what is enforced right now.
 */
export function enforcementNotes(covering: readonly Coverage[]): string[] {
  const notes: string[] = [];
  for (const { firewall: f } of covering) {
    if (f.status === 'waiting')
      notes.push(
        `firewall "${f.name}" (${f.id}) has status "waiting": its latest changes are not yet enforced`,
      );
    else if (f.status === 'failed')
      notes.push(`firewall "${f.name}" (${f.id}) has status "failed": its rules may not be enforced`);
    if (f.pendingChanges > 0) {
      notes.push(
        `firewall "${f.name}" (${f.id}) has ${f.pendingChanges} pending change${f.pendingChanges > 1 ? 's' : ''} not yet applied to its Droplets`,
      );
    }
  }
  return notes;
}

// ---------------------------------------------------------------- rules

/** A rule with the firewall it belongs to, enough to cite it in evidence. */
export type RuleRef = {
  firewallId: string;
  firewallName: string;
  direction: Direction;
  /** 0-based position in the firewall's `inbound_rules` / `outbound_rules`. */
  index: number;
  protocol: string;
  ports: PortRange | null;
  portsRaw: string | null;
  action: string;
  peers: RulePeers;
  source: Source;
};

export type Uncertainty = { rule: RuleRef; why: string };

/** A rule with its firewall, for evidence. */
export function ruleRef(f: Firewall, r: FirewallRule): RuleRef {
  return {
    firewallId: f.id,
    firewallName: f.name,
    direction: r.direction,
    index: r.index,
    protocol: r.protocol,
    ports: r.ports,
    portsRaw: r.portsRaw,
    action: r.action,
    peers: r.peers,
    source: f.source,
  };
}

function describePeers(p: RulePeers): string {
  const parts = [
    ...p.addresses,
    ...p.tags.map((t) => `tag "${t}"`),
    ...p.dropletIds.map((d) => `Droplet ${d}`),
    ...p.loadBalancerUids.map((l) => `load balancer ${l}`),
    ...p.kubernetesIds.map((k) => `Kubernetes cluster ${k}`),
  ];
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

function describeRulePorts(r: Pick<RuleRef, 'protocol' | 'ports' | 'portsRaw'>): string {
  if (r.protocol === 'icmp') return 'icmp';
  if (r.ports === null) return `${r.protocol} ports "${r.portsRaw ?? ''}" (unparseable)`;
  if (r.ports.from <= 1 && r.ports.to >= 65535) return `${r.protocol} all ports`;
  return r.ports.from === r.ports.to
    ? `${r.protocol} ${r.ports.from}`
    : `${r.protocol} ${r.ports.from}-${r.ports.to}`;
}

/** `firewall "web" (id) inbound_rules[1]: allow tcp 22 from 0.0.0.0/0, ::/0` */
export function describeRule(r: RuleRef): string {
  const list = r.direction === 'inbound' ? 'inbound_rules' : 'outbound_rules';
  const dir = r.direction === 'inbound' ? 'from' : 'to';
  return `firewall "${r.firewallName}" (${r.firewallId}) ${list}[${r.index}]: ${r.action} ${describeRulePorts(r)} ${dir} ${describePeers(r.peers)}`;
}

// ---------------------------------------------------------------- effective policy

export type TrafficQuery = {
  direction: Direction;
  protocol: Protocol;
  /** Required for tcp and udp; ICMP has no ports. */
  port?: number;
};

/**
 * Allowed peer addresses of one family as bounds. `certain` is allowed whatever the uncertain rules mean;
 * `possible` may be allowed. They are equal when every rule that matters is understood.
 */
export type PeerBounds = { certain: AddressSet; possible: AddressSet };

export type SymbolicPeers = {
  tags: string[];
  dropletIds: number[];
  loadBalancerUids: string[];
  kubernetesIds: string[];
  /** Droplet ids named in allow rules that are not in the collected Droplet list. */
  unresolvedDropletIds: number[];
};

export type Policy = {
  query: TrafficQuery;
  covering: Coverage[];
  /** Every peer allowed, including the addresses (public and private) of Droplets named by id or tag. */
  allowed: Record<IpFamily, PeerBounds>;
  /** Peers allowed through address entries only: the internet is judged on these, since Droplets named by id or tag are the merchant's own. */
  allowedAddresses: Record<IpFamily, PeerBounds>;
  /** Peers named by tag, Droplet id, load balancer or Kubernetes cluster that allow rules admit. */
  symbolic: SymbolicPeers;
  /** Allow and deny rules that certainly match the traffic. */
  allowRules: RuleRef[];
  denyRules: RuleRef[];
  /** Rules that may match or whose meaning is not fully understood: they make verdicts they could change unknown. */
  uncertain: Uncertainty[];
  notEnforced: string[];
};

type Tri = 'yes' | 'no' | 'maybe';

type FamilySets = Record<IpFamily, AddressSet>;

const emptyFamilies = (): FamilySets => ({ 4: emptySet(4), 6: emptySet(6) });

function matchRule(r: FirewallRule, q: TrafficQuery): { match: Tri; why: string[] } {
  const why: string[] = [];
  let match: Tri = 'yes';
  if (KNOWN_PROTOCOLS.includes(r.protocol)) {
    if (r.protocol !== q.protocol) return { match: 'no', why };
  } else {
    match = 'maybe';
    why.push(`protocol "${r.protocol}" is not tcp, udp or icmp`);
  }
  if (q.protocol !== 'icmp' && r.protocol !== 'icmp') {
    if (r.ports === null) {
      match = 'maybe';
      why.push(`ports "${r.portsRaw ?? ''}" could not be read`);
    } else if (q.port === undefined || q.port < r.ports.from || q.port > r.ports.to) {
      return { match: 'no', why };
    }
  }
  return { match, why };
}

type RuleAddresses = { certain: FamilySets; possible: FamilySets; why: string[] };

function ruleAddresses(peers: RulePeers): RuleAddresses {
  const certainCidrs: Cidr[] = [];
  const possibleCidrs: Cidr[] = [];
  const why: string[] = [];
  let anything = false;
  for (const a of peers.addresses) {
    const p = parseCidr(a);
    if (!p.ok) {
      // Could stand for any address at all.
      anything = true;
      why.push(`address "${a}" could not be read (${p.error})`);
    } else if (p.cidr.mappedFromIpv6) {
      possibleCidrs.push(p.cidr);
      why.push(
        `address "${a}" is IPv4-mapped IPv6; whether DigitalOcean applies it to IPv4 traffic is unconfirmed`,
      );
    } else {
      certainCidrs.push(p.cidr);
      possibleCidrs.push(p.cidr);
    }
  }
  const certain = { 4: setFromCidrs(4, certainCidrs), 6: setFromCidrs(6, certainCidrs) };
  const possible = anything
    ? { 4: fullSet(4), 6: fullSet(6) }
    : { 4: setFromCidrs(4, possibleCidrs), 6: setFromCidrs(6, possibleCidrs) };
  return { certain, possible, why };
}

function dropletAddresses(ds: readonly Droplet[]): FamilySets {
  const cidrs: Cidr[] = [];
  for (const d of ds) {
    for (const a of [...d.publicIpv4, ...d.privateIpv4, ...d.ipv6]) {
      const p = parseCidr(a);
      if (p.ok) cidrs.push(p.cidr);
    }
  }
  return { 4: setFromCidrs(4, cidrs), 6: setFromCidrs(6, cidrs) };
}

function resolvePeerDroplets(
  peers: RulePeers,
  droplets: readonly Droplet[],
): { resolved: Droplet[]; unresolved: number[] } {
  const resolved = droplets.filter(
    (d) => peers.dropletIds.includes(d.id) || d.tags.some((t) => peers.tags.includes(t)),
  );
  const unresolved = peers.dropletIds.filter((id) => !droplets.some((d) => d.id === id));
  return { resolved, unresolved };
}

function addInto(target: FamilySets, add: FamilySets): void {
  for (const f of FAMILIES) target[f] = union(target[f], add[f]);
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The effective policy for one kind of traffic on one Droplet: for each family, the set of peers allowed =
 * (union of the allow rules of every covering firewall) minus (union of their deny rules); deny wins, also
 * across firewalls. A rule with an unknown action, an unknown protocol, unreadable ports or an unreadable
 * address widens the gap between the `certain` and `possible` bounds instead of being dropped or guessed.
 */
export function effectivePolicy(
  droplet: Droplet,
  firewalls: readonly Firewall[],
  droplets: readonly Droplet[],
  query: TrafficQuery,
): Policy {
  const covering = coveringFirewalls(droplet, firewalls);
  const certainAllow = emptyFamilies();
  const possibleAllow = emptyFamilies();
  const certainAllowAddr = emptyFamilies();
  const possibleAllowAddr = emptyFamilies();
  const certainDeny = emptyFamilies();
  const possibleDeny = emptyFamilies();
  const allowRules: RuleRef[] = [];
  const denyRules: RuleRef[] = [];
  const uncertain: Uncertainty[] = [];
  const allowSymbolic: RulePeers[] = [];
  const denySymbolic: RulePeers[] = [];
  const unresolvedIds: number[] = [];

  for (const { firewall } of covering) {
    const rules = query.direction === 'inbound' ? firewall.inbound : firewall.outbound;
    for (const rule of rules) {
      const m = matchRule(rule, query);
      if (m.match === 'no') continue;
      const ref = ruleRef(firewall, rule);
      const action = rule.action === 'allow' || rule.action === 'deny' ? rule.action : 'unknown';
      const addrs = ruleAddresses(rule.peers);
      const peerDroplets = resolvePeerDroplets(rule.peers, droplets);
      const viaDroplets = dropletAddresses(peerDroplets.resolved);
      const why = [
        ...m.why,
        ...(action === 'unknown' ? [`action "${rule.action}" is not allow or deny`] : []),
        ...addrs.why,
      ];
      if (why.length > 0) uncertain.push({ rule: ref, why: why.join('; ') });
      const sure = m.match === 'yes';

      if (action !== 'deny') {
        // allow, or unknown (which may be an allow)
        addInto(possibleAllow, addrs.possible);
        addInto(possibleAllow, viaDroplets);
        addInto(possibleAllowAddr, addrs.possible);
        allowSymbolic.push(rule.peers);
        unresolvedIds.push(...peerDroplets.unresolved);
        if (sure && action === 'allow') {
          addInto(certainAllow, addrs.certain);
          addInto(certainAllow, viaDroplets);
          addInto(certainAllowAddr, addrs.certain);
          allowRules.push(ref);
        }
      }
      if (action !== 'allow') {
        // deny, or unknown (which may be a deny). Deny by tag or id denies those Droplets' addresses.
        addInto(possibleDeny, addrs.possible);
        addInto(possibleDeny, viaDroplets);
        if (sure && action === 'deny') {
          addInto(certainDeny, addrs.certain);
          addInto(certainDeny, viaDroplets);
          denyRules.push(ref);
          denySymbolic.push(rule.peers);
        }
      }
    }
  }

  const bounds = (certain: FamilySets, possible: FamilySets): Record<IpFamily, PeerBounds> => ({
    4: {
      certain: difference(certain[4], possibleDeny[4]),
      possible: difference(possible[4], certainDeny[4]),
    },
    6: {
      certain: difference(certain[6], possibleDeny[6]),
      possible: difference(possible[6], certainDeny[6]),
    },
  });
  const deniedTags = new Set(denySymbolic.flatMap((p) => p.tags));
  const deniedIds = new Set(denySymbolic.flatMap((p) => p.dropletIds));
  const deniedLbs = new Set(denySymbolic.flatMap((p) => p.loadBalancerUids));
  const deniedK8s = new Set(denySymbolic.flatMap((p) => p.kubernetesIds));
  return {
    query,
    covering,
    allowed: bounds(certainAllow, possibleAllow),
    allowedAddresses: bounds(certainAllowAddr, possibleAllowAddr),
    symbolic: {
      tags: uniq(allowSymbolic.flatMap((p) => p.tags)).filter((t) => !deniedTags.has(t)),
      dropletIds: uniq(allowSymbolic.flatMap((p) => p.dropletIds)).filter((d) => !deniedIds.has(d)),
      loadBalancerUids: uniq(allowSymbolic.flatMap((p) => p.loadBalancerUids)).filter(
        (l) => !deniedLbs.has(l),
      ),
      kubernetesIds: uniq(allowSymbolic.flatMap((p) => p.kubernetesIds)).filter((k) => !deniedK8s.has(k)),
      unresolvedDropletIds: uniq(unresolvedIds).filter((d) => !deniedIds.has(d)),
    },
    allowRules,
    denyRules,
    uncertain,
    notEnforced: enforcementNotes(covering),
  };
}

// ---------------------------------------------------------------- internet exposure

export type ExposureVerdict = ExposureLevel | 'unknown' | 'unfiltered';

/** An allow rule that lets internet addresses through, with the public part of what it admits after denies. */
export type Contributor = { rule: RuleRef; publicAddresses: AddressSet };

export type Exposure = {
  droplet: Droplet;
  query: TrafficQuery;
  family: IpFamily;
  verdict: ExposureVerdict;
  /** Why the verdict is `not-exposed` without looking at rules, when that is the case. */
  reason?: 'no-public-address';
  /** Lowest and highest level the uncertain rules allow; equal unless the verdict is `unknown`. */
  range: { low: ExposureLevel; high: ExposureLevel };
  /** The Droplet's own public addresses of this family: what the internet would connect to. */
  targetAddresses: string[];
  /** Internet addresses certainly allowed, and the share of the family's internet space they make up (0..1). */
  publicAllowed: AddressSet;
  publicFraction: number;
  /** Allow rules through which internet addresses get in, to cite in findings. */
  via: Contributor[];
  uncertain: Uncertainty[];
  /** Load balancers allowed to reach this port: they pass on whatever the load balancer itself exposes. */
  loadBalancerUids: string[];
  notEnforced: string[];
  covering: Coverage[];
  explanation: string;
};

function levelRange(b: PeerBounds): { low: ExposureLevel; high: ExposureLevel } {
  return { low: exposureLevelOf(b.certain), high: exposureLevelOf(b.possible) };
}

/** The allow rules through which internet addresses are certainly let in, with what each lets in after denies. */
export function contributors(policy: Policy, family: IpFamily): Contributor[] {
  const out: Contributor[] = [];
  const space = internetSpace(family);
  for (const rule of policy.allowRules) {
    const addrs = ruleAddresses(rule.peers).certain[family];
    const pub = intersection(intersection(addrs, policy.allowedAddresses[family].certain), space);
    if (!isEmpty(pub)) out.push({ rule, publicAddresses: pub });
  }
  return out;
}

function publicAddressesOf(droplet: Droplet, family: IpFamily): string[] {
  // DigitalOcean IPv6 addresses are always public.
  return family === 4 ? droplet.publicIpv4 : droplet.ipv6;
}

const LEVEL_WORDS: Record<ExposureLevel, string> = {
  exposed: 'open to the internet',
  'restricted-public': 'open to some public addresses only',
  'not-exposed': 'not open to any public address',
};

function trafficWords(q: TrafficQuery): string {
  return q.protocol === 'icmp' ? 'ICMP' : `${q.protocol.toUpperCase()} ${q.port ?? '?'}`;
}

/**
 * Whether the internet can open connections to `protocol`/`port` on the Droplet over one address family.
 * The Droplet needs a public address of that family; then the internet addresses the Cloud Firewalls allow
 * decide, judged as a set across every rule and every covering firewall (see `exposureLevelOf` for the
 * "more than half of the public address space" threshold). No covering firewall: `unfiltered`.
 */
export function inboundExposure(
  droplet: Droplet,
  firewalls: readonly Firewall[],
  droplets: readonly Droplet[],
  protocol: Protocol,
  port: number | undefined,
  family: IpFamily,
): Exposure {
  const query: TrafficQuery =
    port === undefined ? { direction: 'inbound', protocol } : { direction: 'inbound', protocol, port };
  const targetAddresses = publicAddressesOf(droplet, family);
  const what = `${trafficWords(query)} over IPv${family}`;
  const base = {
    droplet,
    query,
    family,
    targetAddresses,
    uncertain: [] as Uncertainty[],
    loadBalancerUids: [] as string[],
    via: [] as Contributor[],
  };
  if (targetAddresses.length === 0) {
    return {
      ...base,
      verdict: 'not-exposed',
      reason: 'no-public-address',
      range: { low: 'not-exposed', high: 'not-exposed' },
      publicAllowed: emptySet(family),
      publicFraction: 0,
      notEnforced: [],
      covering: coveringFirewalls(droplet, firewalls),
      explanation: `${what}: Droplet "${droplet.name}" has no public IPv${family} address, so the internet cannot reach it this way.`,
    };
  }
  const policy = effectivePolicy(droplet, firewalls, droplets, query);
  if (policy.covering.length === 0) {
    return {
      ...base,
      verdict: 'unfiltered',
      range: { low: 'exposed', high: 'exposed' },
      publicAllowed: internetSpace(family),
      publicFraction: 1,
      notEnforced: [],
      covering: [],
      explanation: `${what}: no Cloud Firewall covers Droplet "${droplet.name}" (${targetAddresses.join(', ')}), so the cloud layer filters nothing; only the host firewall can stop the internet.`,
    };
  }
  const bounds = policy.allowedAddresses[family];
  const range = levelRange(bounds);
  const verdict: ExposureVerdict = range.low === range.high ? range.low : 'unknown';
  const publicAllowed = intersection(bounds.certain, internetSpace(family));
  const via = contributors(policy, family);
  const fraction = internetFraction(bounds.certain);
  const percent = `${(fraction * 100).toFixed(1)}%`;
  const count = size(publicAllowed);
  let explanation: string;
  if (verdict === 'unknown') {
    explanation =
      `${what}: somewhere between "${LEVEL_WORDS[range.low]}" and "${LEVEL_WORDS[range.high]}", because ` +
      policy.uncertain.map((u) => `${describeRule(u.rule)} (${u.why})`).join('; ') +
      '.';
  } else if (verdict === 'exposed') {
    explanation =
      `${what}: open to the internet. The allowed sources cover ${percent} of the public IPv${family} address space, ` +
      `which is ${EXPOSURE_THRESHOLD_TEXT}. Allowed through ${via.map((c) => describeRule(c.rule)).join('; ')}.`;
  } else if (verdict === 'restricted-public') {
    explanation =
      `${what}: open only to ${count} public address${count === 1n ? '' : 'es'} (${describeSet(publicAllowed)}), ` +
      `below the "internet" threshold (${EXPOSURE_THRESHOLD_TEXT}); through ${via.map((c) => describeRule(c.rule)).join('; ')}.`;
  } else {
    const admitted = describeSet(bounds.certain);
    explanation = `${what}: no public address is allowed${admitted === '(none)' ? '' : ` (allowed by address: ${admitted})`}.`;
  }
  return {
    ...base,
    verdict,
    range,
    publicAllowed,
    publicFraction: fraction,
    via,
    uncertain: policy.uncertain,
    loadBalancerUids: policy.symbolic.loadBalancerUids,
    notEnforced: policy.notEnforced,
    covering: policy.covering,
    explanation,
  };
}

// ---------------------------------------------------------------- per-port view

/** Splits 1-65535 into maximal ranges on which the same rules match, so a policy is evaluated once per range. */
export function portSegments(
  covering: readonly Coverage[],
  direction: Direction,
  protocol: 'tcp' | 'udp',
): PortRange[] {
  const cuts = new Set<number>([1, 65536]);
  for (const { firewall } of covering) {
    for (const r of direction === 'inbound' ? firewall.inbound : firewall.outbound) {
      if (r.ports === null) continue;
      if (r.protocol !== protocol && KNOWN_PROTOCOLS.includes(r.protocol)) continue;
      cuts.add(Math.max(1, r.ports.from));
      cuts.add(Math.min(65535, r.ports.to) + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: PortRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i++)
    out.push({ from: sorted[i] as number, to: (sorted[i + 1] as number) - 1 });
  return out;
}

export type PortRangeExposure = {
  ports: PortRange;
  range: { low: ExposureLevel; high: ExposureLevel };
  policy: Policy;
};

/**
 * For every port of a protocol, how much of the internet the Cloud Firewalls allow as peers in one direction
 * (sources for inbound, destinations for outbound), judged on address entries. Does not look at the Droplet's
 * own addresses: outbound traffic may leave through a NAT gateway.
 */
export function exposureByPort(
  droplet: Droplet,
  firewalls: readonly Firewall[],
  droplets: readonly Droplet[],
  direction: Direction,
  protocol: 'tcp' | 'udp',
  family: IpFamily,
): PortRangeExposure[] {
  const covering = coveringFirewalls(droplet, firewalls);
  return portSegments(covering, direction, protocol).map((ports) => {
    const policy = effectivePolicy(droplet, firewalls, droplets, { direction, protocol, port: ports.from });
    return { ports, range: levelRange(policy.allowedAddresses[family]), policy };
  });
}

/** Number of ports in a list of ranges. */
export function portCount(ranges: readonly PortRange[]): number {
  return ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
}

export function atLeast(level: ExposureLevel, floor: ExposureLevel): boolean {
  return EXPOSURE_RANK[level] >= EXPOSURE_RANK[floor];
}
