// What DigitalOcean Cloud Firewalls let through for one Droplet: which firewalls cover it, the effective
// allowed peer set per direction, protocol and port (allows united across firewalls, minus every deny),
// and whether that admits the internet. Pure; the checks build their verdicts on it.
//
// Every query runs against a `FirewallIndex`, prepared once per analysis run by
// `prepareFirewallIndex(firewalls, droplets)`: firewalls indexed by the Droplet ids and tags they apply
// to, each rule's addresses parsed once, the Droplets a rule names by tag or id resolved once, and each
// Droplet's coverage computed once. A query for one Droplet and port then only matches port ranges and
// merges address sets that already exist, so a whole account is analysed in near-linear time.
import type {
  Droplet,
  Firewall,
  FirewallRule,
  IpFamily,
  PortRange,
  RulePeers,
} from '../model/digitalocean.js';
import type { Source } from '../model/observed.js';
import { parseCidr, type Cidr, type CidrParse } from './net/cidr.js';
import {
  describeSet,
  difference,
  emptySet,
  fullSet,
  intersection,
  isEmpty,
  setFromCidrs,
  size,
  unionAll,
  type AddressSet,
} from './net/address-set.js';
import { internetShare, internetSpace } from './net/classify.js';
import {
  EXPOSURE_RANK,
  describeAddressCount,
  exposureLevelOf,
  exposureLevelOfCount,
  exposureThresholdText,
  publicPart,
  type ExposureLevel,
} from './net/internet-exposure.js';

export type Direction = FirewallRule['direction'];
export type Protocol = 'tcp' | 'udp' | 'icmp';
export const FAMILIES: readonly IpFamily[] = [4, 6];

const KNOWN_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'icmp'];

/** One address set per family. */
export type FamilySets = Readonly<Record<IpFamily, AddressSet>>;

const EMPTY_FAMILIES: FamilySets = { 4: emptySet(4), 6: emptySet(6) };
const FULL_FAMILIES: FamilySets = { 4: fullSet(4), 6: fullSet(6) };

// ---------------------------------------------------------------- coverage

/** A firewall that applies to a Droplet, and why: its id is listed, and/or it shares tags with the firewall. */
export type Coverage = { firewall: Firewall; byDropletId: boolean; byTags: string[] };

/**
 * Firewalls apply to a Droplet listed in `droplet_ids` OR carrying any of the firewall's `tags`. In the
 * order of the firewall list; computed once per Droplet and index.
 */
export function coveringFirewalls(droplet: Droplet, index: FirewallIndex): readonly Coverage[] {
  return index.coverage(droplet);
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

// ---------------------------------------------------------------- the prepared index

/** One firewall rule, read once: its addresses parsed, the Droplets it names by tag or id resolved. */
export type PreparedRule = {
  /** Unique within its index. */
  id: number;
  rule: FirewallRule;
  ref: RuleRef;
  /** `unknown` for any action other than allow and deny: it may be either. */
  action: 'allow' | 'deny' | 'unknown';
  /**
   * The address entries as sets: `certain` whatever the uncertain entries mean, `possible` if they mean
   * the most (an unreadable entry may stand for any address; an IPv4-mapped IPv6 entry may apply or not).
   */
  addresses: {
    certain: FamilySets;
    possible: FamilySets;
    /** The internet part of `certain`: what the rule could let in from the internet. */
    certainPublic: FamilySets;
  };
  /**
   * Public and private addresses of the collected Droplets the rule names by tag or id, united on first
   * use: exposure is judged on address entries, so most queries never need them.
   */
  droplets(): FamilySets;
  /** Whether the protocol is one cdeguard understands (tcp, udp, icmp). */
  knownProtocol: boolean;
  /** Droplet ids the rule names that are not in the collected Droplet list. */
  unresolvedDropletIds: number[];
  /** Why the rule's meaning is uncertain whatever the traffic (unknown action, unreadable addresses). */
  why: string[];
};

/**
 * The firewalls and Droplets of one analysis run, prepared for many queries. Build it once with
 * `prepareFirewallIndex` and pass it to every query of the run. What it works out on first use (a
 * Droplet's coverage, a firewall's prepared rules, the addresses behind a tag) it keeps for the next
 * query, so it must not outlive changes to the firewalls and Droplets it was built from.
 */
export type FirewallIndex = {
  readonly firewalls: readonly Firewall[];
  readonly droplets: readonly Droplet[];
  /** The firewalls that apply to the Droplet, in firewall order (see `coveringFirewalls`). */
  coverage(droplet: Droplet): readonly Coverage[];
  /** The firewall's rules of one direction, prepared. */
  rules(firewall: Firewall, direction: Direction): readonly PreparedRule[];
  /** The rules of one direction of every firewall that covers the Droplet, in order. */
  rulesFor(droplet: Droplet, direction: Direction): readonly PreparedRule[];
  /**
   * What the matching rules allow, by `key` (which rules match, and how). Internal to this module: the
   * last `RECENT_VERDICTS` distinct keys are remembered, first in first out.
   */
  readonly [VERDICT_OF]: (key: string, matches: () => readonly RuleMatch[]) => RulesVerdict;
};

const VERDICT_OF = Symbol('verdictOf');

/**
 * How many verdicts an index remembers. Queries come Droplet by Droplet, and the ports and address
 * families of one Droplet mostly match the same few rule sets: a short memory catches those repeats
 * while keeping what is remembered small, whatever the size of the account.
 */
const RECENT_VERDICTS = 64;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function setsOf(cidrs: readonly Cidr[]): FamilySets {
  return cidrs.length === 0 ? EMPTY_FAMILIES : { 4: setFromCidrs(4, cidrs), 6: setFromCidrs(6, cidrs) };
}

/** The union per family; the one part itself when only one is given. */
function unionFamilies(parts: readonly FamilySets[]): FamilySets {
  const nonEmpty = parts.filter((p) => p !== EMPTY_FAMILIES);
  if (nonEmpty.length === 0) return EMPTY_FAMILIES;
  if (nonEmpty.length === 1) return nonEmpty[0] as FamilySets;
  return {
    4: unionAll(
      4,
      nonEmpty.map((p) => p[4]),
    ),
    6: unionAll(
      6,
      nonEmpty.map((p) => p[6]),
    ),
  };
}

/**
 * Prepares an account's firewalls and Droplets for analysis: firewalls indexed by the Droplet ids and
 * tags they apply to, Droplets by id and tag. Linear in the input; rules are prepared on first use.
 */
export function prepareFirewallIndex(
  firewalls: readonly Firewall[],
  droplets: readonly Droplet[],
): FirewallIndex {
  // Positions, not objects: a firewall listed twice covers twice, as it would when scanning the list.
  const firewallsById = new Map<number, number[]>();
  const firewallsByTag = new Map<string, number[]>();
  firewalls.forEach((f, position) => {
    for (const id of new Set(f.dropletIds)) pushTo(firewallsById, id, position);
    for (const tag of new Set(f.tags)) pushTo(firewallsByTag, tag, position);
  });
  const dropletsById = new Map<number, Droplet[]>();
  const dropletsByTag = new Map<string, Droplet[]>();
  for (const d of droplets) {
    pushTo(dropletsById, d.id, d);
    for (const tag of new Set(d.tags)) pushTo(dropletsByTag, tag, d);
  }

  const recentVerdicts = new Map<string, RulesVerdict>();
  let nextRuleId = 0;
  const coverageMemo = new Map<Droplet, readonly Coverage[]>();
  const dropletRulesMemo = new Map<Droplet, Readonly<Record<Direction, readonly PreparedRule[]>>>();
  const rulesMemo = new Map<Firewall, Readonly<Record<Direction, readonly PreparedRule[]>>>();
  const cidrMemo = new Map<string, CidrParse>();
  // Rules that list the same addresses share one set (and so every result computed from it).
  const addressListMemo = new Map<string, Pick<PreparedRule, 'addresses' | 'why'>>();
  const dropletAddressMemo = new Map<Droplet, FamilySets>();
  const tagAddressMemo = new Map<string, FamilySets>();

  function coverage(droplet: Droplet): readonly Coverage[] {
    const known = coverageMemo.get(droplet);
    if (known !== undefined) return known;
    const positions = new Set<number>(firewallsById.get(droplet.id));
    for (const tag of droplet.tags) for (const p of firewallsByTag.get(tag) ?? []) positions.add(p);
    const out = [...positions]
      .sort((a, b) => a - b)
      .map((p): Coverage => {
        const firewall = firewalls[p] as Firewall;
        return {
          firewall,
          byDropletId: firewall.dropletIds.includes(droplet.id),
          byTags: firewall.tags.filter((t) => droplet.tags.includes(t)),
        };
      });
    coverageMemo.set(droplet, out);
    return out;
  }

  function parsed(text: string): CidrParse {
    let p = cidrMemo.get(text);
    if (p === undefined) {
      p = parseCidr(text);
      cidrMemo.set(text, p);
    }
    return p;
  }

  function dropletAddresses(d: Droplet): FamilySets {
    let found = dropletAddressMemo.get(d);
    if (found === undefined) {
      const cidrs: Cidr[] = [];
      for (const a of [...d.publicIpv4, ...d.privateIpv4, ...d.ipv6]) {
        const p = parsed(a);
        if (p.ok) cidrs.push(p.cidr);
      }
      found = setsOf(cidrs);
      dropletAddressMemo.set(d, found);
    }
    return found;
  }

  function tagAddresses(tag: string): FamilySets {
    let found = tagAddressMemo.get(tag);
    if (found === undefined) {
      found = unionFamilies((dropletsByTag.get(tag) ?? []).map(dropletAddresses));
      tagAddressMemo.set(tag, found);
    }
    return found;
  }

  function ruleAddresses(peers: RulePeers): Pick<PreparedRule, 'addresses' | 'why'> {
    const key = JSON.stringify(peers.addresses);
    let known = addressListMemo.get(key);
    if (known === undefined) {
      known = readAddresses(peers.addresses);
      addressListMemo.set(key, known);
    }
    return known;
  }

  function readAddresses(addresses: readonly string[]): Pick<PreparedRule, 'addresses' | 'why'> {
    const certain: Cidr[] = [];
    const possible: Cidr[] = [];
    const why: string[] = [];
    let anything = false;
    for (const a of addresses) {
      const p = parsed(a);
      if (!p.ok) {
        // Could stand for any address at all.
        anything = true;
        why.push(`address "${a}" could not be read (${p.error})`);
      } else if (p.cidr.mappedFromIpv6) {
        possible.push(p.cidr);
        why.push(
          `address "${a}" is IPv4-mapped IPv6; whether DigitalOcean applies it to IPv4 traffic is unconfirmed`,
        );
      } else {
        certain.push(p.cidr);
        possible.push(p.cidr);
      }
    }
    const certainSets = setsOf(certain);
    const possibleSets = anything
      ? FULL_FAMILIES
      : possible.length === certain.length
        ? certainSets
        : setsOf(possible);
    const certainPublic =
      certainSets === EMPTY_FAMILIES
        ? EMPTY_FAMILIES
        : { 4: publicPart(certainSets[4]), 6: publicPart(certainSets[6]) };
    return { addresses: { certain: certainSets, possible: possibleSets, certainPublic }, why };
  }

  function namedDroplets(peers: RulePeers): FamilySets {
    const named = new Set<Droplet>();
    for (const id of peers.dropletIds) for (const d of dropletsById.get(id) ?? []) named.add(d);
    const parts = [...new Set(peers.tags)].map(tagAddresses);
    for (const d of named) parts.push(dropletAddresses(d));
    return unionFamilies(parts);
  }

  function prepareRule(firewall: Firewall, rule: FirewallRule): PreparedRule {
    const action = rule.action === 'allow' || rule.action === 'deny' ? rule.action : 'unknown';
    const { addresses, why } = ruleAddresses(rule.peers);
    let droplets: FamilySets | undefined;
    return {
      id: nextRuleId++,
      rule,
      ref: ruleRef(firewall, rule),
      action,
      addresses,
      droplets: () => (droplets ??= namedDroplets(rule.peers)),
      knownProtocol: KNOWN_PROTOCOLS.includes(rule.protocol),
      unresolvedDropletIds: rule.peers.dropletIds.filter((id) => !dropletsById.has(id)),
      why: [...(action === 'unknown' ? [`action "${rule.action}" is not allow or deny`] : []), ...why],
    };
  }

  function rules(firewall: Firewall, direction: Direction): readonly PreparedRule[] {
    let prepared = rulesMemo.get(firewall);
    if (prepared === undefined) {
      prepared = {
        inbound: firewall.inbound.map((r) => prepareRule(firewall, r)),
        outbound: firewall.outbound.map((r) => prepareRule(firewall, r)),
      };
      rulesMemo.set(firewall, prepared);
    }
    return prepared[direction];
  }

  function rulesFor(droplet: Droplet, direction: Direction): readonly PreparedRule[] {
    let prepared = dropletRulesMemo.get(droplet);
    if (prepared === undefined) {
      const covering = coverage(droplet);
      prepared = {
        inbound: covering.flatMap((c) => rules(c.firewall, 'inbound')),
        outbound: covering.flatMap((c) => rules(c.firewall, 'outbound')),
      };
      dropletRulesMemo.set(droplet, prepared);
    }
    return prepared[direction];
  }

  function verdictOf(key: string, matches: () => readonly RuleMatch[]): RulesVerdict {
    let verdict = recentVerdicts.get(key);
    if (verdict === undefined) {
      verdict = new RulesVerdict(matches());
      recentVerdicts.set(key, verdict);
      // A Map iterates in insertion order: the first key is the oldest.
      if (recentVerdicts.size > RECENT_VERDICTS)
        recentVerdicts.delete(recentVerdicts.keys().next().value as string);
    }
    return verdict;
  }

  return { firewalls, droplets, coverage, rules, rulesFor, [VERDICT_OF]: verdictOf };
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
  covering: readonly Coverage[];
  /** Every peer allowed, including the addresses (public and private) of Droplets named by id or tag. */
  allowed: Record<IpFamily, PeerBounds>;
  /** Peers allowed through address entries only: the internet is judged on these, since Droplets named by id or tag are the merchant's own. */
  allowedAddresses: Record<IpFamily, PeerBounds>;
  /** Peers named by tag, Droplet id, load balancer or Kubernetes cluster that allow rules admit. */
  symbolic: SymbolicPeers;
  /** Allow and deny rules that certainly match the traffic. */
  allowRules: RuleRef[];
  denyRules: RuleRef[];
  /** What the address entries of each of `allowRules` certainly name (see `contributors`). */
  allowRuleAddresses: ReadonlyMap<RuleRef, FamilySets>;
  /** Rules that may match or whose meaning is not fully understood: they make verdicts they could change unknown. */
  uncertain: Uncertainty[];
  notEnforced: string[];
};

type Tri = 'yes' | 'no' | 'maybe';

function matchRule({ rule: r, knownProtocol }: PreparedRule, q: TrafficQuery): Tri {
  let match: Tri = 'yes';
  if (knownProtocol) {
    if (r.protocol !== q.protocol) return 'no';
  } else {
    match = 'maybe';
  }
  if (q.protocol !== 'icmp' && r.protocol !== 'icmp') {
    if (r.ports === null) match = 'maybe';
    else if (q.port === undefined || q.port < r.ports.from || q.port > r.ports.to) return 'no';
  }
  return match;
}

/** Why a rule that `matchRule` says may match is not sure to. */
function matchDoubts(r: FirewallRule, q: TrafficQuery): string[] {
  const why: string[] = [];
  if (!KNOWN_PROTOCOLS.includes(r.protocol)) why.push(`protocol "${r.protocol}" is not tcp, udp or icmp`);
  if (q.protocol !== 'icmp' && r.protocol !== 'icmp' && r.ports === null)
    why.push(`ports "${r.portsRaw ?? ''}" could not be read`);
  return why;
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The effective policy for one kind of traffic on one Droplet: for each family, the set of peers allowed =
 * (union of the allow rules of every covering firewall) minus (union of their deny rules); deny wins, also
 * across firewalls. A rule with an unknown action, an unknown protocol, unreadable ports or an unreadable
 * address widens the gap between the `certain` and `possible` bounds instead of being dropped or guessed.
 *
 * Only which rules match, and how surely, decides the result. The index remembers the results of recent
 * distinct sets of matching rules, so the ports and address families of a Droplet that match the same
 * rules share one result.
 */
export function effectivePolicy(droplet: Droplet, index: FirewallIndex, query: TrafficQuery): Policy {
  return policyView(droplet, index, query);
}

function policyView(droplet: Droplet, index: FirewallIndex, query: TrafficQuery): PolicyView {
  const covering = index.coverage(droplet);
  const matched: PreparedRule[] = [];
  const sure: boolean[] = [];
  // Which rules match and how decides the verdict; a "maybe" also depends on whether the query is ICMP
  // (see `matchDoubts`).
  let key = '';
  for (const rule of index.rulesFor(droplet, query.direction)) {
    const m = matchRule(rule, query);
    if (m === 'no') continue;
    matched.push(rule);
    sure.push(m === 'yes');
    key += m === 'yes' ? `${rule.id},` : `${rule.id}?${query.protocol === 'icmp' ? 'i' : ''},`;
  }
  const verdict = index[VERDICT_OF](key, () =>
    matched.map((rule, i) => ({
      rule,
      sure: sure[i] === true,
      why: [...(sure[i] === true ? [] : matchDoubts(rule.rule, query)), ...rule.why],
    })),
  );
  return new PolicyView(query, covering, enforcementNotes(covering), verdict);
}

const sameParts = (a: readonly FamilySets[], b: readonly FamilySets[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** A rule that matches some traffic: surely, or maybe (unknown protocol, unreadable ports), and why not surely. */
type RuleMatch = { rule: PreparedRule; sure: boolean; why: string[] };

/** `keys` minus those the deny rules name. */
function withoutDenied<K>(
  keys: readonly K[],
  denied: readonly RulePeers[],
  pick: (p: RulePeers) => readonly K[],
): K[] {
  if (keys.length === 0) return [];
  const gone = new Set<K>();
  for (const p of denied) for (const k of pick(p)) gone.add(k);
  return uniq(keys).filter((k) => !gone.has(k));
}

/** Peers that allow rules name symbolically (by tag, id, ...), minus those a deny rule names. */
function symbolsLeft<K>(
  allowed: readonly RulePeers[],
  denied: readonly RulePeers[],
  pick: (p: RulePeers) => readonly K[],
): K[] {
  const keys: K[] = [];
  for (const p of allowed) for (const k of pick(p)) keys.push(k);
  return withoutDenied(keys, denied, pick);
}

/**
 * What a set of matching rules allows: everything in a `Policy` but the query, the Droplet's coverage and
 * its enforcement notes. `allowed` unites the addresses of every Droplet the rules name by tag, the costly
 * part, and exposure is judged on `allowedAddresses` instead: it is built only when read.
 */
class RulesVerdict {
  readonly allowedAddresses: Record<IpFamily, PeerBounds>;
  readonly symbolic: SymbolicPeers;
  readonly allowRules: RuleRef[] = [];
  readonly denyRules: RuleRef[] = [];
  readonly allowRuleAddresses = new Map<RuleRef, FamilySets>();
  readonly uncertain: Uncertainty[] = [];
  readonly #byAddress: AllowedPeers;
  // Allow rules, for `allowed`: certainly matching ones, and every one that may allow.
  readonly #certainAllow: PreparedRule[] = [];
  readonly #possibleAllow: PreparedRule[] = [];
  readonly #certainDeny: FamilySets[] = [];
  readonly #possibleDeny: FamilySets[] = [];
  readonly #contributors: Partial<Record<IpFamily, Contributor[]>> = {};
  #allowed: Record<IpFamily, PeerBounds> | undefined;

  constructor(matches: readonly RuleMatch[]) {
    const allowSymbolic: RulePeers[] = [];
    const denySymbolic: RulePeers[] = [];
    const unresolvedIds: number[] = [];
    for (const { rule: r, sure, why } of matches) {
      if (why.length > 0) this.uncertain.push({ rule: r.ref, why: why.join('; ') });
      if (r.action !== 'deny') {
        // allow, or unknown (which may be an allow)
        this.#possibleAllow.push(r);
        allowSymbolic.push(r.rule.peers);
        unresolvedIds.push(...r.unresolvedDropletIds);
        if (sure && r.action === 'allow') {
          this.#certainAllow.push(r);
          this.allowRules.push(r.ref);
          this.allowRuleAddresses.set(r.ref, r.addresses.certain);
        }
      }
      if (r.action !== 'allow') {
        // deny, or unknown (which may be a deny). Deny by tag or id denies those Droplets' addresses.
        this.#possibleDeny.push(r.addresses.possible, r.droplets());
        if (sure && r.action === 'deny') {
          this.#certainDeny.push(r.addresses.certain, r.droplets());
          this.denyRules.push(r.ref);
          denySymbolic.push(r.rule.peers);
        }
      }
    }
    this.#byAddress = new AllowedPeers(
      this.#certainAllow.map((r) => r.addresses.certain),
      this.#possibleAllow.map((r) => r.addresses.possible),
      this.#certainDeny,
      this.#possibleDeny,
    );
    this.allowedAddresses = this.#byAddress.bounds;
    this.symbolic = {
      tags: symbolsLeft(allowSymbolic, denySymbolic, (p) => p.tags),
      dropletIds: symbolsLeft(allowSymbolic, denySymbolic, (p) => p.dropletIds),
      loadBalancerUids: symbolsLeft(allowSymbolic, denySymbolic, (p) => p.loadBalancerUids),
      kubernetesIds: symbolsLeft(allowSymbolic, denySymbolic, (p) => p.kubernetesIds),
      unresolvedDropletIds: withoutDenied(unresolvedIds, denySymbolic, (p) => p.dropletIds),
    };
  }

  get allowed(): Record<IpFamily, PeerBounds> {
    return (this.#allowed ??= new AllowedPeers(
      this.#certainAllow.flatMap((r) => [r.addresses.certain, r.droplets()]),
      this.#possibleAllow.flatMap((r) => [r.addresses.possible, r.droplets()]),
      this.#certainDeny,
      this.#possibleDeny,
    ).bounds);
  }

  /** `contributors` of any policy with this verdict, worked out once per family. */
  contributors(family: IpFamily): Contributor[] {
    let found = this.#contributors[family];
    if (found === undefined) {
      found = [];
      const allowed = this.allowedAddresses[family].certain;
      for (const r of this.#certainAllow) {
        const pub = r.addresses.certainPublic[family];
        // Nothing denied from a rule's own blocks: what it lets in is its public part.
        const through = allowed === r.addresses.certain[family] ? pub : intersection(pub, allowed);
        if (!isEmpty(through)) found.push({ rule: r.ref, publicAddresses: through });
      }
      this.#contributors[family] = found;
    }
    return found;
  }

  /** How much of the internet `allowedAddresses` admits. */
  internetReach(family: IpFamily): InternetReach {
    return this.#byAddress.internetReach(family);
  }
}

/**
 * Allowed peers = (union of the allow parts) minus (union of the deny parts), as `certain` and `possible`
 * bounds, with how much of the internet they admit (worked out once per family, on first use).
 */
class AllowedPeers {
  readonly bounds: Record<IpFamily, PeerBounds>;
  readonly #reach: Partial<Record<IpFamily, InternetReach>> = {};

  constructor(
    certainAllow: readonly FamilySets[],
    possibleAllow: readonly FamilySets[],
    certainDeny: readonly FamilySets[],
    possibleDeny: readonly FamilySets[],
  ) {
    const certainlyDenied = unionFamilies(certainDeny);
    const possiblyDenied = sameParts(certainDeny, possibleDeny)
      ? certainlyDenied
      : unionFamilies(possibleDeny);
    const c = unionFamilies(certainAllow);
    // Without uncertain rules both bounds are the same set: compute it once.
    const sure = sameParts(certainAllow, possibleAllow) && possiblyDenied === certainlyDenied;
    const p = sure ? c : unionFamilies(possibleAllow);
    const family = (f: IpFamily): PeerBounds => {
      const lower = difference(c[f], possiblyDenied[f]);
      return { certain: lower, possible: sure ? lower : difference(p[f], certainlyDenied[f]) };
    };
    this.bounds = { 4: family(4), 6: family(6) };
  }

  internetReach(family: IpFamily): InternetReach {
    return (this.#reach[family] ??= internetReachOf(this.bounds[family]));
  }
}

/** A `Policy`: one query on one Droplet, and the verdict of the rules that match it. */
class PolicyView implements Policy {
  readonly query: TrafficQuery;
  readonly covering: readonly Coverage[];
  readonly notEnforced: string[];
  readonly allowedAddresses: Record<IpFamily, PeerBounds>;
  readonly symbolic: SymbolicPeers;
  readonly allowRules: RuleRef[];
  readonly denyRules: RuleRef[];
  readonly allowRuleAddresses: ReadonlyMap<RuleRef, FamilySets>;
  readonly uncertain: Uncertainty[];
  readonly #verdict: RulesVerdict;

  constructor(
    query: TrafficQuery,
    covering: readonly Coverage[],
    notEnforced: string[],
    verdict: RulesVerdict,
  ) {
    this.query = query;
    this.covering = covering;
    this.notEnforced = notEnforced;
    this.allowedAddresses = verdict.allowedAddresses;
    this.symbolic = verdict.symbolic;
    this.allowRules = verdict.allowRules;
    this.denyRules = verdict.denyRules;
    this.allowRuleAddresses = verdict.allowRuleAddresses;
    this.uncertain = verdict.uncertain;
    this.#verdict = verdict;
  }

  get allowed(): Record<IpFamily, PeerBounds> {
    return this.#verdict.allowed;
  }

  contributors(family: IpFamily): Contributor[] {
    return this.#verdict.contributors(family);
  }

  internetReach(family: IpFamily): InternetReach {
    return this.#verdict.internetReach(family);
  }
}

/** How much of the internet an allowed peer set admits. */
type InternetReach = {
  /** The exposure level of the `certain` and of the `possible` bound. */
  range: { low: ExposureLevel; high: ExposureLevel };
  /** The internet addresses certainly allowed, their number and their share of the family's internet space. */
  publicAllowed: AddressSet;
  publicCount: bigint;
  fraction: number;
};

function internetReachOf(bounds: PeerBounds): InternetReach {
  const publicAllowed = publicPart(bounds.certain);
  const publicCount = size(publicAllowed);
  const sameBounds = bounds.possible === bounds.certain;
  const low = exposureLevelOfCount(publicAllowed.family, publicCount);
  return {
    range: { low, high: sameBounds ? low : exposureLevelOf(bounds.possible) },
    publicAllowed,
    publicCount,
    fraction: internetShare(publicAllowed.family, publicCount),
  };
}

/**
 * An `Exposure` judged on the rules, whose explanation is written on first read. A scan makes exposures
 * by the hundred thousand and reads the explanation of a few; a getter in an object literal would make
 * every exposure slow to build, a class getter does not.
 */
class ExposureRecord implements Exposure {
  readonly verdict: ExposureVerdict;
  readonly range: { low: ExposureLevel; high: ExposureLevel };
  readonly publicAllowed: AddressSet;
  readonly publicFraction: number;
  readonly via: Contributor[];
  readonly uncertain: Uncertainty[];
  readonly loadBalancerUids: string[];
  readonly notEnforced: string[];
  readonly covering: readonly Coverage[];
  readonly #policy: PolicyView;
  #explanation: string | undefined;

  constructor(
    readonly droplet: Droplet,
    readonly query: TrafficQuery,
    readonly family: IpFamily,
    readonly targetAddresses: string[],
    policy: PolicyView,
  ) {
    const reach = policy.internetReach(family);
    this.verdict = reach.range.low === reach.range.high ? reach.range.low : 'unknown';
    this.range = reach.range;
    this.publicAllowed = reach.publicAllowed;
    this.publicFraction = reach.fraction;
    this.via = policy.contributors(family);
    this.uncertain = policy.uncertain;
    this.loadBalancerUids = policy.symbolic.loadBalancerUids;
    this.notEnforced = policy.notEnforced;
    this.covering = policy.covering;
    this.#policy = policy;
  }

  get explanation(): string {
    return (this.#explanation ??= explainExposure(this, this.#policy));
  }
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
  covering: readonly Coverage[];
  explanation: string;
};

/** The allow rules through which internet addresses are certainly let in, with what each lets in after denies. */
export function contributors(policy: Policy, family: IpFamily): Contributor[] {
  return policy instanceof PolicyView ? policy.contributors(family) : contributorsOf(policy, family);
}

function contributorsOf(
  policy: Pick<Policy, 'allowRules' | 'allowRuleAddresses' | 'allowedAddresses'>,
  family: IpFamily,
): Contributor[] {
  if (policy.allowRules.length === 0) return [];
  const out: Contributor[] = [];
  const space = internetSpace(family);
  for (const rule of policy.allowRules) {
    const addrs = policy.allowRuleAddresses.get(rule)?.[family] ?? emptySet(family);
    // The rule's own blocks first: few, so the intersection with a large allowed set stays cheap.
    const pub = intersection(intersection(addrs, space), policy.allowedAddresses[family].certain);
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

function trafficWords(q: TrafficQuery, family: IpFamily): string {
  return `${q.protocol === 'icmp' ? 'ICMP' : `${q.protocol.toUpperCase()} ${q.port ?? '?'}`} over IPv${family}`;
}

/** What an exposure judged without looking at rules lets through: no rule, nothing uncertain. */
const nothingThrough = (): Pick<Exposure, 'uncertain' | 'loadBalancerUids' | 'via'> => ({
  uncertain: [],
  loadBalancerUids: [],
  via: [],
});

/**
 * Whether the internet can open connections to `protocol`/`port` on the Droplet over one address family.
 * The Droplet needs a public address of that family; then the internet addresses the Cloud Firewalls allow
 * decide, judged as a set across every rule and every covering firewall (see `INTERNET_THRESHOLD` for the
 * size bar: an IPv4 /8 or an IPv6 /32 worth of public addresses). No covering firewall: `unfiltered`.
 */
export function inboundExposure(
  droplet: Droplet,
  index: FirewallIndex,
  protocol: Protocol,
  port: number | undefined,
  family: IpFamily,
): Exposure {
  const query: TrafficQuery =
    port === undefined ? { direction: 'inbound', protocol } : { direction: 'inbound', protocol, port };
  const targetAddresses = publicAddressesOf(droplet, family);
  if (targetAddresses.length === 0) {
    return {
      droplet,
      query,
      family,
      targetAddresses,
      ...nothingThrough(),
      verdict: 'not-exposed',
      reason: 'no-public-address',
      range: { low: 'not-exposed', high: 'not-exposed' },
      publicAllowed: emptySet(family),
      publicFraction: 0,
      notEnforced: [],
      covering: index.coverage(droplet),
      explanation: `${trafficWords(query, family)}: Droplet "${droplet.name}" has no public IPv${family} address, so the internet cannot reach it this way.`,
    };
  }
  const policy = policyView(droplet, index, query);
  if (policy.covering.length === 0) {
    return {
      droplet,
      query,
      family,
      targetAddresses,
      ...nothingThrough(),
      verdict: 'unfiltered',
      range: { low: 'exposed', high: 'exposed' },
      publicAllowed: internetSpace(family),
      publicFraction: 1,
      notEnforced: [],
      covering: [],
      explanation: `${trafficWords(query, family)}: no Cloud Firewall covers Droplet "${droplet.name}" (${targetAddresses.join(', ')}), so the cloud layer filters nothing; only the host firewall can stop the internet.`,
    };
  }
  return new ExposureRecord(droplet, query, family, targetAddresses, policy);
}

/** The explanation of an exposure judged on the Cloud Firewalls' rules. */
function explainExposure(e: Exposure, policy: Policy): string {
  const what = trafficWords(e.query, e.family);
  const through = e.via.map((c) => describeRule(c.rule)).join('; ');
  const count = size(e.publicAllowed);
  const v = e.family;
  switch (e.verdict) {
    case 'unknown':
      return (
        `${what}: somewhere between "${LEVEL_WORDS[e.range.low]}" and "${LEVEL_WORDS[e.range.high]}", because ` +
        policy.uncertain.map((u) => `${describeRule(u.rule)} (${u.why})`).join('; ') +
        '.'
      );
    case 'exposed':
      return (
        `${what}: open to the internet. The allowed sources hold ${describeAddressCount(count)} public IPv${v} addresses ` +
        `(${(e.publicFraction * 100).toFixed(1)}% of the public IPv${v} address space), ${exposureThresholdText(v)}. Allowed through ${through}.`
      );
    case 'restricted-public':
      return (
        `${what}: open only to ${describeAddressCount(count)} public address${count === 1n ? '' : 'es'} (${describeSet(e.publicAllowed)}), ` +
        `below the "internet" bar (${exposureThresholdText(v)}); through ${through}.`
      );
    default: {
      const admitted = describeSet(policy.allowedAddresses[v].certain);
      return `${what}: no public address is allowed${admitted === '(none)' ? '' : ` (allowed by address: ${admitted})`}.`;
    }
  }
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
  index: FirewallIndex,
  direction: Direction,
  protocol: 'tcp' | 'udp',
  family: IpFamily,
): PortRangeExposure[] {
  return portSegments(index.coverage(droplet), direction, protocol).map((ports) => {
    const policy = policyView(droplet, index, { direction, protocol, port: ports.from });
    return { ports, range: policy.internetReach(family).range, policy };
  });
}

/** Number of ports in a list of ranges. */
export function portCount(ranges: readonly PortRange[]): number {
  return ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
}

export function atLeast(level: ExposureLevel, floor: ExposureLevel): boolean {
  return EXPOSURE_RANK[level] >= EXPOSURE_RANK[floor];
}
