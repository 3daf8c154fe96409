// Cloud Firewall coverage, effective policy and internet exposure, one named test per known trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Droplet, Firewall, FirewallRule, RulePeers } from '../model/digitalocean.js';
import { droplet, firewall, rule as baseRule } from '../../test/helpers/env.js';
import { normalizePorts } from '../parsers/digitalocean/ports.js';
import { normalizeFirewalls } from '../parsers/digitalocean/firewalls.js';
import { contains, describeSet, size } from './net/address-set.js';
import { parseAddress } from './net/cidr.js';
import {
  coveringFirewalls,
  describeRule,
  effectivePolicy,
  exposureByPort,
  inboundExposure,
  portCount,
  portSegments,
  prepareFirewallIndex,
} from './cloud-firewall.js';

const idx = prepareFirewallIndex;

// The shared helper leaves `ports` null; normalise them the way the API parser does.
function rule(
  direction: FirewallRule['direction'],
  protocol: string,
  portsRaw: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
): FirewallRule {
  return {
    ...baseRule(direction, protocol, portsRaw, p),
    ports: normalizePorts(protocol, portsRaw).ports,
    ...extra,
  };
}
const inbound = (
  protocol: string,
  ports: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
) => rule('inbound', protocol, ports, p, extra);
const outbound = (
  protocol: string,
  ports: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
) => rule('outbound', protocol, ports, p, extra);
const indexed = (rules: FirewallRule[]): FirewallRule[] => rules.map((r, i) => ({ ...r, index: i }));

const web1 = droplet({
  id: 1,
  name: 'web-1',
  tags: ['web'],
  publicIpv4: ['203.0.113.10'],
  privateIpv4: ['10.116.0.2'],
});
const v4 = (a: string): bigint => parseAddress(a)!.value;

test('DO-2: ports "0" on tcp is every port, open to the internet', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('tcp', '0', { addresses: ['0.0.0.0/0'] })],
  });
  for (const port of [1, 22, 5432, 65535]) {
    const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', port, 4);
    assert.equal(e.verdict, 'exposed', `port ${port}`);
    assert.equal(e.via.length, 1);
    assert.equal(e.via[0]!.rule.index, 0);
  }
  const byPort = exposureByPort(web1, idx([fw], [web1]), 'inbound', 'tcp', 4);
  assert.deepEqual(
    byPort.map((b) => [b.ports, b.range.low, b.range.high]),
    [[{ from: 1, to: 65535 }, 'exposed', 'exposed']],
  );
  // No IPv6 address on the Droplet: nothing to reach over IPv6.
  const e6 = inboundExposure(web1, idx([fw], [web1]), 'tcp', 22, 6);
  assert.deepEqual([e6.verdict, e6.reason], ['not-exposed', 'no-public-address']);
});

test('DO-3: an ICMP rule with ports "0" opens no TCP or UDP port', () => {
  const web = { ...web1, ipv6: ['2001:db8::10'] };
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('icmp', '0', { addresses: ['0.0.0.0/0', '::/0'] })],
  });
  for (const family of [4, 6] as const) {
    assert.equal(inboundExposure(web, idx([fw], [web]), 'tcp', 22, family).verdict, 'not-exposed');
    assert.equal(inboundExposure(web, idx([fw], [web]), 'udp', 161, family).verdict, 'not-exposed');
    assert.equal(inboundExposure(web, idx([fw], [web]), 'icmp', undefined, family).verdict, 'exposed');
    for (const protocol of ['tcp', 'udp'] as const) {
      assert.deepEqual(
        exposureByPort(web, idx([fw], [web]), 'inbound', protocol, family).map((b) => b.range.high),
        ['not-exposed'],
      );
    }
  }
});

for (const spelling of ['::/0', '::0/0', '0::/0']) {
  test(`DO-4: tcp 22 from ${spelling} is open to the internet over IPv6 only`, () => {
    const web = droplet({ id: 1, name: 'web-1', publicIpv4: ['203.0.113.10'], ipv6: ['2001:db8::10'] });
    const fw = firewall({
      id: 'fw',
      dropletIds: [1],
      inbound: [inbound('tcp', '22', { addresses: [spelling] })],
    });
    assert.equal(inboundExposure(web, idx([fw], [web]), 'tcp', 22, 6).verdict, 'exposed');
    assert.equal(inboundExposure(web, idx([fw], [web]), 'tcp', 22, 4).verdict, 'not-exposed');
  });
}

test('DO-7 case 1: a /29 and a /32 of public space are restricted, not the internet', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('tcp', '443', { addresses: ['198.51.100.0/29', '192.0.2.7/32'] })],
  });
  const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', 443, 4);
  assert.equal(e.verdict, 'restricted-public');
  assert.equal(size(e.publicAllowed), 9n);
  assert.equal(describeSet(e.publicAllowed), '192.0.2.7, 198.51.100.0/29');
  assert.ok(e.explanation.includes('open only to 9 public addresses'), e.explanation);
  assert.ok(e.explanation.includes('as an IPv4 /8 (2^24 = 16,777,216 addresses)'), e.explanation);
});

test('DO-7 case 2: the same list split across two firewalls is judged as one set', () => {
  const a = firewall({
    id: 'a',
    dropletIds: [1],
    inbound: [inbound('tcp', '443', { addresses: ['198.51.100.0/29'] })],
  });
  const b = firewall({
    id: 'b',
    tags: ['web'],
    inbound: [inbound('tcp', '443', { addresses: ['192.0.2.7/32'] })],
  });
  const e = inboundExposure(web1, idx([a, b], [web1]), 'tcp', 443, 4);
  assert.equal(e.verdict, 'restricted-public');
  assert.equal(size(e.publicAllowed), 9n);
  assert.deepEqual(
    e.via.map((c) => c.rule.firewallId),
    ['a', 'b'],
  );
});

test('DO-7 case 3: 0.0.0.0/1 and 128.0.0.0/1 in two rules are the whole internet', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: indexed([
      inbound('tcp', '22', { addresses: ['0.0.0.0/1'] }),
      inbound('tcp', '22', { addresses: ['128.0.0.0/1'] }),
    ]),
  });
  const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', 22, 4);
  assert.equal(e.verdict, 'exposed');
  assert.equal(e.publicFraction, 1);
  assert.deepEqual(
    e.via.map((c) => c.rule.index),
    [0, 1],
  );
  assert.ok(e.explanation.includes('hold 3,702,259,200 public IPv4 addresses (100.0%'), e.explanation);
  assert.ok(e.explanation.includes('no single allow-listed office, VPN or partner'), e.explanation);
});

// The "internet" bar is a size (an IPv4 /8, an IPv6 /32 of public addresses), not half of the space.
const web46 = droplet({
  id: 1,
  name: 'web-1',
  tags: ['web'],
  publicIpv4: ['203.0.113.10'],
  ipv6: ['2001:db8::10'],
});
const ssh = (family: 4 | 6, ...rules: FirewallRule[]) =>
  inboundExposure(
    web46,
    idx([firewall({ id: 'fw', dropletIds: [1], inbound: indexed(rules) })], [web46]),
    'tcp',
    22,
    family,
  );

for (const [name, family, rules] of [
  ['128.0.0.0/1 (43% of the IPv4 internet)', 4, [inbound('tcp', '22', { addresses: ['128.0.0.0/1'] })]],
  ['0.0.0.0/2 (28% of the IPv4 internet)', 4, [inbound('tcp', '22', { addresses: ['0.0.0.0/2'] })]],
  ['2000::/4 (half of IPv6 global unicast)', 6, [inbound('tcp', '22', { addresses: ['2000::/4'] })]],
  [
    'allow 0.0.0.0/0 with 0.0.0.0/1 denied',
    4,
    [
      inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }),
      inbound('tcp', '22', { addresses: ['0.0.0.0/1'] }, { action: 'deny' }),
    ],
  ],
  [
    'exactly an IPv4 /8 of public addresses (11.0.0.0/8)',
    4,
    [inbound('tcp', '22', { addresses: ['11.0.0.0/8'] })],
  ],
  [
    'exactly an IPv6 /32 of public addresses (2a00::/32)',
    6,
    [inbound('tcp', '22', { addresses: ['2a00::/32'] })],
  ],
] as const) {
  test(`SSH from ${name} is open to the internet`, () => {
    const e = ssh(family, ...rules);
    assert.equal(e.verdict, 'exposed', e.explanation);
    assert.ok(e.explanation.includes(family === 4 ? 'an IPv4 /8' : 'an IPv6 /32'), e.explanation);
  });
}

test('one address less than an IPv4 /8 or an IPv6 /32 is restricted, not the internet', () => {
  const v4 = ssh(
    4,
    inbound('tcp', '22', { addresses: ['11.0.0.0/8'] }),
    inbound('tcp', '22', { addresses: ['11.255.255.255'] }, { action: 'deny' }),
  );
  assert.equal(v4.verdict, 'restricted-public');
  assert.equal(size(v4.publicAllowed), 16_777_215n);
  assert.ok(v4.explanation.includes('open only to 16,777,215 public addresses'), v4.explanation);
  const v6 = ssh(
    6,
    inbound('tcp', '22', { addresses: ['2a00::/32'] }),
    inbound('tcp', '22', { addresses: ['2a00::'] }, { action: 'deny' }),
  );
  assert.equal(v6.verdict, 'restricted-public');
  assert.equal(size(v6.publicAllowed), (1n << 96n) - 1n);
  assert.ok(v6.explanation.includes('open only to over 2^95 public addresses'), v6.explanation);
});

test('outbound tcp all ports to 0.0.0.0/2 and 2000::/4 reaches the internet on every port', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    outbound: [outbound('tcp', 'all', { addresses: ['0.0.0.0/2', '2000::/4'] })],
  });
  for (const family of [4, 6] as const) {
    assert.deepEqual(
      exposureByPort(web46, idx([fw], [web46]), 'outbound', 'tcp', family).map((s) => [s.ports, s.range.low]),
      [[{ from: 1, to: 65535 }, 'exposed']],
    );
  }
});

test('DO-8: a private VPC range is not exposure', () => {
  const db1 = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'] });
  const fw = firewall({
    id: 'fw',
    dropletIds: [2],
    inbound: [inbound('tcp', '5432', { addresses: ['10.116.0.0/20'] })],
  });
  const e = inboundExposure(db1, idx([fw], [db1]), 'tcp', 5432, 4);
  assert.equal(e.verdict, 'not-exposed');
  const p = effectivePolicy(db1, idx([fw], [db1]), { direction: 'inbound', protocol: 'tcp', port: 5432 });
  assert.equal(describeSet(p.allowed[4].certain), '10.116.0.0/20');
});

test('DO-1: sources that are tags resolve to Droplets and are not the internet', () => {
  const app = droplet({
    id: 3,
    name: 'app-1',
    tags: ['app'],
    publicIpv4: ['203.0.113.30'],
    privateIpv4: ['10.116.0.30'],
  });
  const db1 = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'] });
  const fw = firewall({ id: 'fw', dropletIds: [2], inbound: [inbound('tcp', '5432', { tags: ['app'] })] });
  assert.equal(inboundExposure(db1, idx([fw], [db1, app]), 'tcp', 5432, 4).verdict, 'not-exposed');
  const p = effectivePolicy(db1, idx([fw], [db1, app]), {
    direction: 'inbound',
    protocol: 'tcp',
    port: 5432,
  });
  assert.equal(describeSet(p.allowed[4].certain), '10.116.0.30, 203.0.113.30');
  assert.deepEqual(p.symbolic.tags, ['app']);
});

test('DO-10: a Droplet no firewall covers is unfiltered', () => {
  const web2 = droplet({ id: 12, name: 'web-2', tags: ['web'], publicIpv4: ['203.0.113.12'] });
  const other = firewall({
    id: 'other',
    tags: ['api'],
    dropletIds: [99],
    inbound: [inbound('tcp', '22', { addresses: ['10.0.0.0/8'] })],
  });
  assert.deepEqual(coveringFirewalls(web2, idx([other], [web2])), []);
  for (const port of [22, 5432]) {
    const e = inboundExposure(web2, idx([other], [web2]), 'tcp', port, 4);
    assert.equal(e.verdict, 'unfiltered');
    assert.ok(e.explanation.includes('filters nothing'));
  }
});

test("DO-11: a firewall's tags select Droplets; rule tags mean Droplets too", () => {
  const web = droplet({ id: 1, name: 'web-1', tags: ['web'], publicIpv4: ['203.0.113.10'] });
  const worker = droplet({ id: 4, name: 'worker-1', tags: ['worker'], publicIpv4: ['203.0.113.40'] });
  const db = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'] });
  const all = [web, worker, db];
  const fwWeb = firewall({
    id: 'fw-web',
    tags: ['web'],
    inbound: [inbound('tcp', '443', { addresses: ['0.0.0.0/0', '::/0'] })],
  });
  const fwDb = firewall({
    id: 'fw-db',
    dropletIds: [2],
    inbound: [inbound('tcp', '5432', { tags: ['web'] })],
  });
  const fws = [fwWeb, fwDb];
  assert.deepEqual(
    coveringFirewalls(web, idx(fws, [web])).map((c) => [c.firewall.id, c.byDropletId, c.byTags]),
    [['fw-web', false, ['web']]],
  );
  assert.equal(inboundExposure(web, idx(fws, all), 'tcp', 443, 4).verdict, 'exposed');
  assert.equal(inboundExposure(web, idx(fws, all), 'tcp', 22, 4).verdict, 'not-exposed');
  assert.deepEqual(coveringFirewalls(worker, idx(fws, [worker])), []);
  assert.equal(inboundExposure(worker, idx(fws, all), 'tcp', 22, 4).verdict, 'unfiltered');
  assert.equal(inboundExposure(db, idx(fws, all), 'tcp', 5432, 4).verdict, 'not-exposed');
  const p = effectivePolicy(db, idx(fws, all), { direction: 'inbound', protocol: 'tcp', port: 5432 });
  assert.ok(contains(p.allowed[4].certain, v4('203.0.113.10')));
  assert.ok(!contains(p.allowed[4].certain, v4('203.0.113.40')));
});

test('DO-12: a deny rule in one firewall beats an allow rule in another', () => {
  const fwA = firewall({
    id: 'fw-a',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }, { action: 'deny' })],
  });
  const fwB = firewall({
    id: 'fw-b',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] })],
  });
  const e = inboundExposure(web1, idx([fwA, fwB], [web1]), 'tcp', 22, 4);
  assert.equal(e.verdict, 'not-exposed');
  const p = effectivePolicy(web1, idx([fwA, fwB], [web1]), {
    direction: 'inbound',
    protocol: 'tcp',
    port: 22,
  });
  assert.deepEqual(
    [p.allowRules.map((r) => r.firewallId), p.denyRules.map((r) => r.firewallId)],
    [['fw-b'], ['fw-a']],
  );
  // Order of firewalls does not matter.
  assert.equal(inboundExposure(web1, idx([fwB, fwA], [web1]), 'tcp', 22, 4).verdict, 'not-exposed');
});

test('DO-12: an unknown action makes the verdict it could change unknown, never pass or exposed', () => {
  const fwA = firewall({
    id: 'fw-a',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }, { action: 'reject' })],
  });
  const fwB = firewall({
    id: 'fw-b',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] })],
  });
  const e = inboundExposure(web1, idx([fwA, fwB], [web1]), 'tcp', 22, 4);
  assert.equal(e.verdict, 'unknown');
  assert.deepEqual(e.range, { low: 'not-exposed', high: 'exposed' });
  assert.equal(e.uncertain.length, 1);
  assert.ok(e.uncertain[0]!.why.includes('"reject"'));
  assert.ok(e.explanation.includes('fw-a'), e.explanation);
  // Alone, the unknown rule could be an allow: unknown too.
  assert.equal(inboundExposure(web1, idx([fwA], [web1]), 'tcp', 22, 4).verdict, 'unknown');
  // It cannot change a port it does not match.
  assert.equal(inboundExposure(web1, idx([fwA, fwB], [web1]), 'tcp', 443, 4).verdict, 'not-exposed');
});

test('unreadable ports, unknown protocols and unreadable addresses are uncertain only where they matter', () => {
  const open22 = inbound('tcp', '22', { addresses: ['0.0.0.0/0'] });
  const badPorts = inbound('tcp', 'ssh', { addresses: ['0.0.0.0/0'] });
  const sctp = inbound('sctp', '22', { addresses: ['0.0.0.0/0'] });
  const badAddr = inbound('tcp', '22', { addresses: ['everyone'] });
  const privateBadPorts = inbound('tcp', 'ssh', { addresses: ['10.0.0.0/8'] });
  const fw = (...rules: FirewallRule[]) => [firewall({ id: 'fw', dropletIds: [1], inbound: indexed(rules) })];
  assert.equal(inboundExposure(web1, idx(fw(badPorts), [web1]), 'tcp', 22, 4).verdict, 'unknown');
  assert.equal(inboundExposure(web1, idx(fw(sctp), [web1]), 'tcp', 22, 4).verdict, 'unknown');
  assert.equal(inboundExposure(web1, idx(fw(badAddr), [web1]), 'tcp', 22, 4).verdict, 'unknown');
  // A certain allow already opens the port: an uncertain allow cannot change that.
  assert.equal(inboundExposure(web1, idx(fw(open22, badPorts), [web1]), 'tcp', 22, 4).verdict, 'exposed');
  // An uncertain rule about private space only cannot create internet exposure.
  assert.equal(inboundExposure(web1, idx(fw(privateBadPorts), [web1]), 'tcp', 22, 4).verdict, 'not-exposed');
  // An unknown protocol could be anything but ICMP-with-ports still is not tcp.
  assert.equal(inboundExposure(web1, idx(fw(sctp), [web1]), 'icmp', undefined, 4).verdict, 'unknown');
});

test('an IPv4-mapped IPv6 source is uncertain: its platform meaning is unconfirmed', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['::ffff:0.0.0.0/96'] })],
  });
  const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', 22, 4);
  assert.equal(e.verdict, 'unknown');
  assert.ok(e.uncertain[0]!.why.includes('IPv4-mapped'));
});

test('load-balancer and Kubernetes peers are reported symbolically', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [
      inbound('tcp', '80', { loadBalancerUids: ['lb-1'], kubernetesIds: ['k8s-1'], dropletIds: [777] }),
    ],
  });
  const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', 80, 4);
  assert.equal(e.verdict, 'not-exposed');
  assert.deepEqual(e.loadBalancerUids, ['lb-1']);
  const p = effectivePolicy(web1, idx([fw], [web1]), { direction: 'inbound', protocol: 'tcp', port: 80 });
  assert.deepEqual([p.symbolic.kubernetesIds, p.symbolic.unresolvedDropletIds], [['k8s-1'], [777]]);
});

test('waiting firewalls and pending changes are noted as not yet enforced', () => {
  const fw = firewall({
    id: 'fw',
    name: 'edge',
    status: 'waiting',
    pendingChanges: 1,
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] })],
  });
  const e = inboundExposure(web1, idx([fw], [web1]), 'tcp', 22, 4);
  assert.equal(e.verdict, 'exposed');
  assert.equal(e.notEnforced.length, 2);
  assert.ok(e.notEnforced[0]!.includes('"waiting"'));
});

test('port segments split at every rule boundary', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    outbound: indexed([
      outbound('tcp', '0', { addresses: ['0.0.0.0/0'] }),
      outbound('tcp', '25', { addresses: ['0.0.0.0/0'] }, { action: 'deny' }),
      outbound('udp', '53', { addresses: ['0.0.0.0/0'] }),
    ]),
  });
  const cov = coveringFirewalls(web1, idx([fw], [web1]));
  assert.deepEqual(portSegments(cov, 'outbound', 'tcp'), [
    { from: 1, to: 24 },
    { from: 25, to: 25 },
    { from: 26, to: 65535 },
  ]);
  assert.deepEqual(portSegments(cov, 'outbound', 'udp'), [
    { from: 1, to: 52 },
    { from: 53, to: 53 },
    { from: 54, to: 65535 },
  ]);
  assert.equal(
    portCount([
      { from: 1, to: 24 },
      { from: 26, to: 65535 },
    ]),
    65534,
  );
  assert.equal(
    describeRule(
      effectivePolicy(web1, idx([fw], [web1]), { direction: 'outbound', protocol: 'tcp', port: 25 })
        .denyRules[0]!,
    ),
    'firewall "fw" (fw) outbound_rules[1]: deny tcp 25 to 0.0.0.0/0',
  );
});

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/digitalocean/', import.meta.url));
const skip = existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`;

test(
  'corpus firewalls_list.deny_rules.json: 443 open, 22 closed by the deny, outbound everything but 25',
  { skip },
  () => {
    const parsed = normalizeFirewalls(
      JSON.parse(readFileSync(CORPUS + 'firewalls_list.deny_rules.json', 'utf8')),
      'fw.json',
    );
    assert.ok(parsed.value.known);
    const fws: Firewall[] = parsed.value.value;
    const web: Droplet = droplet({
      id: 5,
      name: 'web',
      tags: ['web'],
      publicIpv4: ['203.0.113.50'],
      ipv6: ['2001:db8::50'],
    });
    for (const family of [4, 6] as const) {
      assert.equal(inboundExposure(web, idx(fws, [web]), 'tcp', 443, family).verdict, 'exposed');
      assert.equal(inboundExposure(web, idx(fws, [web]), 'tcp', 22, family).verdict, 'not-exposed');
      const out = exposureByPort(web, idx(fws, [web]), 'outbound', 'tcp', family);
      assert.deepEqual(
        out.map((o) => [o.ports.from, o.ports.to, o.range.low]),
        [
          [1, 24, 'exposed'],
          [25, 25, 'not-exposed'],
          [26, 65535, 'exposed'],
        ],
      );
    }
  },
);

test('the index: coverage in firewall order, by id and by tag, for listed and unlisted Droplets', () => {
  const a = firewall({ id: 'a', tags: ['web'] });
  const b = firewall({ id: 'b', dropletIds: [1, 1], tags: ['web', 'api'] });
  const c = firewall({ id: 'c', dropletIds: [2] });
  const index = idx([a, b, c], [web1]);
  assert.deepEqual(
    coveringFirewalls(web1, index).map((x) => [x.firewall.id, x.byDropletId, x.byTags]),
    [
      ['a', false, ['web']],
      ['b', true, ['web']],
    ],
  );
  // Asked twice: the same answer, worked out once.
  assert.equal(coveringFirewalls(web1, index), coveringFirewalls(web1, index));
  // A Droplet the index was not built with is still judged on its own id and tags.
  const other = droplet({ id: 2, name: 'api-2', tags: ['api'], publicIpv4: ['203.0.113.2'] });
  assert.deepEqual(
    coveringFirewalls(other, index).map((x) => x.firewall.id),
    ['b', 'c'],
  );
});

test('Droplets and ports with the same matching rules share the verdict, never the query or coverage', () => {
  const fw = firewall({
    id: 'fw',
    tags: ['web'],
    dropletIds: [2],
    inbound: indexed([
      inbound('tcp', '1-1000', { addresses: ['198.51.100.0/29'] }),
      inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }),
    ]),
  });
  const web2 = droplet({ id: 2, name: 'web-2', tags: ['web'], publicIpv4: ['203.0.113.2'] });
  const index = idx([fw], [web1, web2]);
  const q = (port: number) => ({ direction: 'inbound' as const, protocol: 'tcp' as const, port });
  const p80 = effectivePolicy(web1, index, q(80));
  const p443 = effectivePolicy(web2, index, q(443));
  assert.deepEqual([p80.query.port, p443.query.port], [80, 443]);
  assert.deepEqual([p80.covering[0]!.byDropletId, p443.covering[0]!.byDropletId], [false, true]);
  assert.equal(p80.allowedAddresses, p443.allowedAddresses);
  assert.equal(describeSet(p443.allowedAddresses[4].certain), '198.51.100.0/29');
  const p22 = effectivePolicy(web2, index, q(22));
  assert.equal(describeSet(p22.allowedAddresses[4].certain), '0.0.0.0/0');
  assert.equal(inboundExposure(web2, index, 'tcp', 22, 4).verdict, 'exposed');
  assert.equal(inboundExposure(web1, index, 'tcp', 80, 4).verdict, 'restricted-public');
  assert.equal(inboundExposure(web1, index, 'tcp', 2000, 4).verdict, 'not-exposed');
});

test('a deny rule naming Droplets by tag removes their addresses, however many Droplets share the tag', () => {
  const fleet = Array.from({ length: 300 }, (_, i) =>
    droplet({
      id: 100 + i,
      name: `app-${i}`,
      tags: ['app'],
      publicIpv4: [`198.51.100.${i % 250}`],
      privateIpv4: [`10.116.${Math.floor(i / 250)}.${i % 250}`],
    }),
  );
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: indexed([
      inbound('tcp', '22', { addresses: ['198.51.100.0/24', '10.116.0.0/20'] }),
      inbound('tcp', '22', { tags: ['app'] }, { action: 'deny' }),
    ]),
  });
  const index = idx([fw], [web1, ...fleet]);
  const p = effectivePolicy(web1, index, { direction: 'inbound', protocol: 'tcp', port: 22 });
  // 198.51.100.0-249 and 10.116.0.0-249, 10.116.1.0-49 are the app Droplets': what is left is
  // 198.51.100.250-255 and the rest of 10.116.0.0/20.
  assert.equal(size(p.allowedAddresses[4].certain), 6n + 4096n - 300n);
  assert.ok(!contains(p.allowedAddresses[4].certain, v4('198.51.100.7')));
  assert.ok(contains(p.allowedAddresses[4].certain, v4('198.51.100.250')));
  assert.equal(inboundExposure(web1, index, 'tcp', 22, 4).verdict, 'restricted-public');
});
