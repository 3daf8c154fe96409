// Builders for small environments in check tests: every field defaults to "collected and empty",
// and a test overrides only what its case is about.
import type { Droplet, Firewall, FirewallRule, RulePeers, Vpc } from '../../src/model/digitalocean.js';
import type { Environment, HostTarget, Scope } from '../../src/model/environment.js';
import { known, unknown, type Source } from '../../src/model/observed.js';
import type { Host } from '../../src/model/host.js';
import { EMPTY_SCOPE } from '../../src/analysis/scope.js';
import { normalizePorts } from '../../src/parsers/digitalocean/ports.js';

export const testSource: Source = { kind: 'file', path: 'test' };

export function makeEnv(overrides: Partial<Environment> = {}): Environment {
  return {
    bundleName: 'test',
    droplets: known([], testSource),
    firewalls: known([], testSource),
    vpcs: known([], testSource),
    hosts: [],
    cardData: unknown('not_collected', 'no data/ folder'),
    scope: EMPTY_SCOPE,
    collection: { collectedAt: [], notCollected: [] },
    diagnostics: [],
    ...overrides,
  };
}

export function droplet(p: Partial<Droplet> & { id: number; name: string }): Droplet {
  return {
    status: 'active',
    tags: [],
    publicIpv4: [],
    privateIpv4: [],
    ipv6: [],
    source: { kind: 'do-api', endpoint: 'GET /v2/droplets', id: String(p.id) },
    ...p,
  };
}

export function peers(p: Partial<RulePeers> = {}): RulePeers {
  return { addresses: [], dropletIds: [], tags: [], loadBalancerUids: [], kubernetesIds: [], ...p };
}

export function rule(
  direction: FirewallRule['direction'],
  protocol: string,
  portsRaw: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
): FirewallRule {
  // Ports go through the real normaliser, so "0", "all" and "1-65535" mean what they mean in the API.
  const { ports } = normalizePorts(protocol, portsRaw);
  return {
    direction,
    protocol,
    portsRaw,
    ports,
    action: 'allow',
    peers: peers(p),
    index: 0,
    ...extra,
  };
}

export function firewall(p: Partial<Firewall> & { id: string }): Firewall {
  return {
    name: p.id,
    status: 'succeeded',
    dropletIds: [],
    tags: [],
    inbound: [],
    outbound: [],
    pendingChanges: 0,
    source: { kind: 'do-api', endpoint: 'GET /v2/firewalls', id: p.id },
    ...p,
  };
}

export function vpc(p: Partial<Vpc> & { id: string; name: string }): Vpc {
  return {
    region: 'nyc3',
    ipRange: '10.116.0.0/20',
    default: false,
    source: { kind: 'do-api', endpoint: 'GET /v2/vpcs', id: p.id },
    ...p,
  };
}

export function scope(p: Partial<Scope>): Scope {
  return { ...EMPTY_SCOPE, declared: true, ...p };
}

export function hostTarget(p: Partial<HostTarget> & { name: string }): HostTarget {
  const missing = unknown('not_collected', `no host bundle for ${p.name}`);
  return { sshd: missing, sshdDump: missing, ufw: missing, loadedRuleset: missing, ...p };
}

/** A host bundle built in memory from `{ '/etc/ssh/sshd_config': '...' }` and command outputs. */
export function hostFrom(
  name: string,
  files: Record<string, string>,
  commands: Record<string, string> = {},
): Host {
  return {
    name,
    meta: {},
    files: new Map(
      Object.entries(files).map(([path, content]) => [
        path,
        { path, content, bundlePath: `hosts/${name}/files${path}` },
      ]),
    ),
    commands: new Map(
      Object.entries(commands).map(([cmd, output]) => [
        cmd,
        { name: cmd, output, bundlePath: `hosts/${name}/commands/${cmd}.txt` },
      ]),
    ),
    source: { kind: 'file', path: `hosts/${name}` },
  };
}
