// The five DigitalOcean checks on a large synthetic account: wall time and peak RSS.
//
//   node --import tsx bench/do-analysis.ts [--droplets 5000] [--firewalls 1000] [--seed 1] [--dense]
//                                         [--dump out.json]
//
// The account is generated from a fixed seed, so every run (and every version of the code) judges the
// same input. It mixes what real accounts hold: role, environment and service tags; firewalls applied
// by tag and by Droplet id (about 3-4 per Droplet); inbound rules from the internet (IPv4 and IPv6),
// from office and partner blocks, from VPC ranges, from tags, Droplet ids and load balancers; deny rules,
// also by tag; blanket and narrow outbound rules; CDE Droplets selected by tag and by VPC. `--dense`
// applies firewalls by 30 team tags instead, so each Droplet has about 30 firewalls and 250 inbound rules:
// a stress case, not a realistic account. `--dump` writes every finding as JSON, to compare the verdicts
// of two versions.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Droplet, Firewall, FirewallRule, RulePeers, Vpc } from '../src/model/digitalocean.js';
import type { Environment } from '../src/model/environment.js';
import { known, type Source } from '../src/model/observed.js';
import type { Check, Finding } from '../src/checks/kit.js';
import { makeEnv } from '../test/helpers/env.js';
import outsideCdeVpc from '../src/checks/digitalocean/do-cde-droplet-outside-cde-vpc.js';
import vpcShared from '../src/checks/digitalocean/do-cde-vpc-shared-with-non-cde.js';
import withoutFirewall from '../src/checks/digitalocean/do-droplet-without-cloud-firewall.js';
import adminPorts from '../src/checks/digitalocean/do-firewall-admin-port-open-to-internet.js';
import outbound from '../src/checks/digitalocean/do-firewall-cde-outbound-unrestricted.js';

const { values: opts } = parseArgs({
  options: {
    droplets: { type: 'string', default: '5000' },
    firewalls: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    dense: { type: 'boolean', default: false },
    dump: { type: 'string' },
  },
});
const DROPLETS = Number(opts.droplets);
const FIREWALLS = Number(opts.firewalls);

// mulberry32: small, fast, deterministic.
let state = Number(opts.seed) >>> 0;
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const chance = (p: number): boolean => rand() < p;
function some<T>(xs: readonly T[], lo: number, hi: number): T[] {
  const n = Math.min(xs.length, int(lo, hi));
  const out = new Set<T>();
  while (out.size < n) out.add(pick(xs));
  return [...out];
}

const ROLES = ['web', 'api', 'worker', 'db', 'cache', 'bastion', 'queue', 'search', 'k8s-node', 'cde', 'pay'];
const ENVS = ['prod', 'staging', 'dev'];
const TEAMS = Array.from({ length: 30 }, (_, i) => `team-${i}`);
const SERVICES = Array.from({ length: Math.max(1, Math.round(DROPLETS / 6)) }, (_, i) => `svc-${i}`);
const REGIONS = ['nyc1', 'nyc3', 'sfo3', 'ams3', 'fra1', 'lon1', 'sgp1', 'tor1', 'blr1', 'syd1'];

const apiSource = (endpoint: string, id: string): Source => ({ kind: 'do-api', endpoint, id });
const uuid = (n: number): string => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const vpcs: Vpc[] = REGIONS.flatMap((region, r) =>
  [0, 1].map((k) => {
    const n = r * 2 + k;
    return {
      id: uuid(n + 1),
      name: k === 0 ? `default-${region}` : `shop-${region}`,
      region,
      ipRange: `10.${100 + n}.0.0/20`,
      default: k === 0,
      source: apiSource('GET /v2/vpcs', uuid(n + 1)),
    };
  }),
);

const droplets: Droplet[] = [];
for (let i = 0; i < DROPLETS; i++) {
  const id = 100_000 + i;
  const role = pick(ROLES);
  const tags = [
    role,
    pick(ENVS),
    ...(chance(0.6) ? [pick(TEAMS)] : []),
    ...(chance(0.9) ? [pick(SERVICES)] : []),
  ];
  if (role === 'pay' && chance(0.5)) tags.push('cde');
  const vpc = pick(vpcs);
  const third = Math.floor(i / 250);
  const d: Droplet = {
    id,
    name: `${role}-${i}`,
    status: 'active',
    tags,
    vpcUuid: chance(0.98) ? vpc.id : undefined,
    publicIpv4: chance(0.85) ? [`${45 + (third % 150)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`] : [],
    privateIpv4: [`${vpc.ipRange.split('.').slice(0, 2).join('.')}.${int(0, 15)}.${int(2, 254)}`],
    ipv6: chance(0.3) ? [`2a03:b0c0:${int(0, 3)}:d0::${i.toString(16)}:1`] : [],
    region: vpc.region,
    source: apiSource('GET /v2/droplets', String(id)),
  };
  if (d.vpcUuid === undefined) delete d.vpcUuid;
  droplets.push(d);
}
const dropletIds = droplets.map((d) => d.id);
const ALL_TAGS = [...ROLES, ...ENVS, ...TEAMS];

const peers = (p: Partial<RulePeers>): RulePeers => ({
  addresses: [],
  dropletIds: [],
  tags: [],
  loadBalancerUids: [],
  kubernetesIds: [],
  ...p,
});
const ANYWHERE = ['0.0.0.0/0', '::/0'];
const OFFICES = [
  '198.51.100.0/29',
  '192.0.2.7/32',
  '203.0.113.64/27',
  '2001:db8:1234::/48',
  '81.2.69.160/28',
];
const ADMIN = ['22', '3306', '5432', '6379', '9200', '27017', '3389', '5601', '2375', '6443'];

function inboundRule(): Omit<FirewallRule, 'index' | 'direction'> {
  const r = rand();
  if (r < 0.25) {
    const port = pick(['80', '443', '8080', '8443']);
    return {
      protocol: 'tcp',
      ports: portRange(port),
      portsRaw: port,
      action: 'allow',
      peers: peers({ addresses: ANYWHERE }),
    };
  }
  if (r < 0.4) {
    const port = pick(ADMIN);
    return {
      protocol: 'tcp',
      ports: portRange(port),
      portsRaw: port,
      action: 'allow',
      peers: peers({ tags: some(ALL_TAGS, 1, 2) }),
    };
  }
  if (r < 0.5) {
    return {
      protocol: 'tcp',
      ports: portRange('22'),
      portsRaw: '22',
      action: 'allow',
      peers: peers({ addresses: some(OFFICES, 1, 3) }),
    };
  }
  if (r < 0.6) {
    const port = pick(ADMIN);
    return {
      protocol: 'tcp',
      ports: portRange(port),
      portsRaw: port,
      action: 'allow',
      peers: peers({ addresses: [pick(vpcs).ipRange], dropletIds: some(dropletIds, 1, 8) }),
    };
  }
  if (r < 0.67) {
    const from = int(1000, 60000);
    const raw = `${from}-${from + int(0, 500)}`;
    return {
      protocol: pick(['tcp', 'udp']),
      ports: portRange(raw),
      portsRaw: raw,
      action: 'allow',
      peers: peers({ addresses: [`${int(1, 223)}.${int(0, 255)}.0.0/16`, '2001:db8::/32'] }),
    };
  }
  if (r < 0.73) {
    const port = pick(ADMIN);
    return {
      protocol: 'tcp',
      ports: portRange(port),
      portsRaw: port,
      action: 'deny',
      peers: peers({ addresses: ANYWHERE }),
    };
  }
  if (r < 0.77) {
    return {
      protocol: 'tcp',
      ports: portRange('22'),
      portsRaw: '22',
      action: 'deny',
      // Mostly a service's few Droplets; sometimes a whole role; with --dense a whole environment.
      peers: peers({ tags: [opts.dense ? pick(ENVS) : chance(0.8) ? pick(SERVICES) : pick(ROLES)] }),
    };
  }
  if (r < 0.83) {
    return {
      protocol: 'icmp',
      ports: null,
      portsRaw: '0',
      action: 'allow',
      peers: peers({ addresses: ANYWHERE }),
    };
  }
  if (r < 0.88) {
    return {
      protocol: 'tcp',
      ports: portRange('80'),
      portsRaw: '80',
      action: 'allow',
      peers: peers({ loadBalancerUids: [`lb-${int(0, 40)}`] }),
    };
  }
  if (r < 0.92) {
    return {
      protocol: 'tcp',
      ports: portRange('22'),
      portsRaw: '22',
      action: 'allow',
      peers: peers({ addresses: ['0.0.0.0/1', '128.0.0.0/1'] }),
    };
  }
  if (r < 0.96) {
    return {
      protocol: 'tcp',
      ports: portRange('0'),
      portsRaw: '0',
      action: 'allow',
      peers: peers({ tags: ['k8s-node'], addresses: ['10.244.0.0/16'] }),
    };
  }
  return {
    protocol: 'tcp',
    ports: portRange('22'),
    portsRaw: '22',
    action: 'allow',
    peers: peers({ addresses: ['::/0'] }),
  };
}

function outboundRules(): Omit<FirewallRule, 'index' | 'direction'>[] {
  if (chance(0.5)) {
    // The control panel's default: everything to everywhere, sometimes minus SMTP.
    return [
      {
        protocol: 'tcp',
        ports: portRange('0'),
        portsRaw: '0',
        action: 'allow',
        peers: peers({ addresses: ANYWHERE }),
      },
      {
        protocol: 'udp',
        ports: portRange('0'),
        portsRaw: '0',
        action: 'allow',
        peers: peers({ addresses: ANYWHERE }),
      },
      {
        protocol: 'icmp',
        ports: null,
        portsRaw: '0',
        action: 'allow',
        peers: peers({ addresses: ANYWHERE }),
      },
      ...(chance(0.3)
        ? [
            {
              protocol: 'tcp',
              ports: portRange('25'),
              portsRaw: '25',
              action: 'deny',
              peers: peers({ addresses: ANYWHERE }),
            },
          ]
        : []),
    ];
  }
  return [
    {
      protocol: 'tcp',
      ports: portRange('443'),
      portsRaw: '443',
      action: 'allow',
      peers: peers({ addresses: ANYWHERE }),
    },
    {
      protocol: 'udp',
      ports: portRange('53'),
      portsRaw: '53',
      action: 'allow',
      peers: peers({ addresses: ['67.207.67.2', '67.207.67.3'] }),
    },
    {
      protocol: 'udp',
      ports: portRange('123'),
      portsRaw: '123',
      action: 'allow',
      peers: peers({ addresses: ANYWHERE }),
    },
    {
      protocol: 'tcp',
      ports: portRange('5432'),
      portsRaw: '5432',
      action: 'allow',
      peers: peers({ tags: ['db'] }),
    },
  ];
}

function portRange(raw: string): { from: number; to: number } {
  if (raw === '0') return { from: 1, to: 65535 };
  const [a, b] = raw.split('-');
  return { from: Number(a), to: Number(b ?? a) };
}

// Tag-applied firewalls mostly select one or two services, sometimes a whole role; with --dense, a team.
function firewallTags(): string[] {
  if (opts.dense) return chance(0.8) ? [pick(TEAMS)] : [pick(ROLES), ...(chance(0.3) ? [pick(ENVS)] : [])];
  const r = rand();
  if (r < 0.97) return some(SERVICES, 1, 2);
  return [pick(ROLES)];
}

const firewalls: Firewall[] = [];
for (let i = 0; i < FIREWALLS; i++) {
  const byTag = chance(0.7);
  const inbound = Array.from({ length: int(3, 12) }, inboundRule).map((r, index): FirewallRule => ({
    ...r,
    direction: 'inbound',
    index,
  }));
  const out = outboundRules().map((r, index): FirewallRule => ({ ...r, direction: 'outbound', index }));
  const id = `fw-${i.toString().padStart(5, '0')}`;
  firewalls.push({
    id,
    name: `firewall-${i}`,
    status: chance(0.02) ? 'waiting' : 'succeeded',
    tags: byTag ? firewallTags() : [],
    dropletIds: byTag && chance(0.7) ? [] : some(dropletIds, 1, 12),
    inbound,
    outbound: out,
    pendingChanges: chance(0.02) ? 1 : 0,
    source: apiSource('GET /v2/firewalls', id),
  });
}

const fileSource: Source = { kind: 'file', path: 'bench' };
// makeEnv fills every part of the Environment the DigitalOcean checks do not read.
const env: Environment = makeEnv({
  bundleName: 'bench',
  droplets: known(droplets, fileSource),
  firewalls: known(firewalls, fileSource),
  vpcs: known(vpcs, fileSource),
  scope: {
    declared: true,
    saq: 'D',
    cde: { tags: ['cde'], droplets: [], vpcs: [uuid(4)] },
    connected: { tags: ['pay'], droplets: [], vpcs: [] },
  },
});

const checks: Check[] = [outsideCdeVpc, vpcShared, withoutFirewall, adminPorts, outbound];
const rules = firewalls.reduce((n, f) => n + f.inbound.length + f.outbound.length, 0);
console.log(
  `account${opts.dense ? ' (dense)' : ''}: ${droplets.length} droplets, ${firewalls.length} firewalls (${rules} rules), ${vpcs.length} VPCs; node ${process.version}`,
);

const findings: Finding[] = [];
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (const check of checks) {
  const t0 = process.hrtime.bigint();
  const out = check.run(env);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const counts = new Map<string, number>();
  for (const f of out) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  console.log(
    `  ${check.id.padEnd(42)} ${ms.toFixed(0).padStart(7)} ms  ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}`,
  );
  findings.push(...out);
}
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `wall time: ${(wallMs / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)   peak RSS: ${maxRssMb.toFixed(0)} MB`,
);
if (opts.dump !== undefined) writeFileSync(opts.dump, JSON.stringify(findings, null, 1));
