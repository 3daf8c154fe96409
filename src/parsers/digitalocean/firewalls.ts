// Normalises Cloud Firewall bodies (`GET /v2/firewalls`, `GET /v2/firewalls/{id}`,
// `GET /v2/droplets/{id}/firewalls`) into Firewall model objects with normalised ports and actions.
import { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Firewall, FirewallRule, RulePeers } from '../../model/digitalocean.js';
import { known, unknown } from '../../model/observed.js';
import { parseCidr } from '../../analysis/net/cidr.js';
import { normalizePorts } from './ports.js';
import {
  completenessDiagnostics,
  describeIssues,
  jsonPath,
  nullableArray,
  openEnvelope,
  type CollectionSpec,
  type NormalizeOptions,
  type Normalized,
} from './envelope.js';

export const FIREWALLS: CollectionSpec = {
  plural: 'firewalls',
  singular: 'firewall',
  listEndpoint: 'GET /v2/firewalls',
  singleEndpoint: 'GET /v2/firewalls/{firewall_id}',
  scope: 'firewall:read',
  what: 'Cloud Firewalls',
};

export const KNOWN_PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;
export const KNOWN_ACTIONS = ['allow', 'deny'] as const;

// Every target field is optional and any mix is valid; a missing target matches nothing.
const targetSchema = z
  .object({
    addresses: nullableArray(z.string()),
    droplet_ids: nullableArray(z.number().int()),
    tags: nullableArray(z.string()),
    load_balancer_uids: nullableArray(z.string()),
    kubernetes_ids: nullableArray(z.string()),
  })
  .nullish();

const ruleSchema = z.object({
  protocol: z.string().nullish(),
  ports: z.union([z.string(), z.number()]).nullish(),
  sources: targetSchema,
  destinations: targetSchema,
  // Read as unknown and judged below: a value we do not understand must survive, not fail the file.
  action: z.unknown().optional(),
});

const firewallSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  droplet_ids: nullableArray(z.number().int()),
  tags: nullableArray(z.string()),
  inbound_rules: nullableArray(ruleSchema),
  outbound_rules: nullableArray(ruleSchema),
  pending_changes: nullableArray(z.unknown()),
});

type RawRule = z.output<typeof ruleSchema>;
type RawTarget = z.output<typeof targetSchema>;

function peersOf(t: RawTarget): RulePeers {
  return {
    addresses: t?.addresses ?? [],
    dropletIds: t?.droplet_ids ?? [],
    tags: t?.tags ?? [],
    loadBalancerUids: t?.load_balancer_uids ?? [],
    kubernetesIds: t?.kubernetes_ids ?? [],
  };
}

function normalizeRule(
  raw: RawRule,
  direction: FirewallRule['direction'],
  index: number,
  at: (p: PropertyKey[]) => string,
  file: string,
  diagnostics: Diagnostic[],
): FirewallRule {
  const warn = (code: string, message: string) =>
    diagnostics.push({ severity: 'warning', code, message: `${file}: ${message}`, file });
  const protocol = (raw.protocol ?? '').trim().toLowerCase();
  if (!(KNOWN_PROTOCOLS as readonly string[]).includes(protocol)) {
    warn(
      'do-unknown-protocol',
      `${at(['protocol'])} is ${JSON.stringify(raw.protocol ?? null)}, not tcp, udp or icmp; verdicts that depend on this rule will be unknown`,
    );
  }
  const ports = normalizePorts(protocol, raw.ports);
  if (ports.problem !== undefined)
    warn(
      'do-bad-ports',
      `${at(['ports'])}: ${ports.problem}; verdicts that depend on this rule will be unknown`,
    );
  // No `action` (every response before September 2026) means allow; any other value is kept verbatim.
  let action: string;
  if (raw.action === undefined || raw.action === null) action = 'allow';
  else action = typeof raw.action === 'string' ? raw.action : JSON.stringify(raw.action);
  if (!(KNOWN_ACTIONS as readonly string[]).includes(action)) {
    warn(
      'do-unknown-action',
      `${at(['action'])} is ${JSON.stringify(action)}, not "allow" or "deny"; verdicts that depend on this rule will be unknown`,
    );
  }
  const targetKey = direction === 'inbound' ? 'sources' : 'destinations';
  const peers = peersOf(direction === 'inbound' ? raw.sources : raw.destinations);
  peers.addresses.forEach((a, k) => {
    const p = parseCidr(a);
    if (!p.ok)
      warn(
        'do-bad-address',
        `${at([targetKey, 'addresses', k])} "${a}": ${p.error}; verdicts that depend on it will be unknown`,
      );
  });
  return { direction, protocol, ports: ports.ports, portsRaw: ports.portsRaw, action, peers, index };
}

export function normalizeFirewalls(
  body: unknown,
  file: string,
  options: NormalizeOptions = {},
): Normalized<Firewall[]> {
  const env = openEnvelope(body, file, FIREWALLS, options);
  if (env.kind === 'failed') return env.result;
  const listSource = { kind: 'do-api' as const, endpoint: env.endpoint, file };
  const parsed = z.array(firewallSchema).safeParse(env.items);
  if (!parsed.success) {
    const issues = env.single
      ? parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }))
      : parsed.error.issues;
    const detail = describeIssues(file, env.basePath, issues);
    return {
      value: unknown('unparseable', `Cloud Firewalls could not be read: ${detail}`, listSource),
      diagnostics: [{ severity: 'error', code: 'do-unparseable', message: detail, file }],
    };
  }
  const diagnostics: Diagnostic[] = env.single
    ? []
    : completenessDiagnostics(body, file, env.items.length, 'Cloud Firewalls');
  const firewalls = parsed.data.map((f, i): Firewall => {
    const base = env.single ? [] : [i];
    const ruleAt = (key: string, j: number) => (p: PropertyKey[]) =>
      jsonPath(env.basePath, [...base, key, j, ...p]);
    return {
      id: f.id,
      name: f.name ?? f.id,
      status: f.status ?? 'unknown',
      dropletIds: f.droplet_ids,
      tags: f.tags,
      inbound: f.inbound_rules.map((r, j) =>
        normalizeRule(r, 'inbound', j, ruleAt('inbound_rules', j), file, diagnostics),
      ),
      outbound: f.outbound_rules.map((r, j) =>
        normalizeRule(r, 'outbound', j, ruleAt('outbound_rules', j), file, diagnostics),
      ),
      pendingChanges: f.pending_changes.length,
      source: { kind: 'do-api', endpoint: env.endpoint, id: f.id, file },
    };
  });
  return { value: known(firewalls, listSource), diagnostics };
}
