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
} from './cloud-firewall.js';

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
    const e = inboundExposure(web1, [fw], [web1], 'tcp', port, 4);
    assert.equal(e.verdict, 'exposed', `port ${port}`);
    assert.equal(e.via.length, 1);
    assert.equal(e.via[0]!.rule.index, 0);
  }
  const byPort = exposureByPort(web1, [fw], [web1], 'inbound', 'tcp', 4);
  assert.deepEqual(
    byPort.map((b) => [b.ports, b.range.low, b.range.high]),
    [[{ from: 1, to: 65535 }, 'exposed', 'exposed']],
  );
  // No IPv6 address on the Droplet: nothing to reach over IPv6.
  const e6 = inboundExposure(web1, [fw], [web1], 'tcp', 22, 6);
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
    assert.equal(inboundExposure(web, [fw], [web], 'tcp', 22, family).verdict, 'not-exposed');
    assert.equal(inboundExposure(web, [fw], [web], 'udp', 161, family).verdict, 'not-exposed');
    assert.equal(inboundExposure(web, [fw], [web], 'icmp', undefined, family).verdict, 'exposed');
    for (const protocol of ['tcp', 'udp'] as const) {
      assert.deepEqual(
        exposureByPort(web, [fw], [web], 'inbound', protocol, family).map((b) => b.range.high),
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
    assert.equal(inboundExposure(web, [fw], [web], 'tcp', 22, 6).verdict, 'exposed');
    assert.equal(inboundExposure(web, [fw], [web], 'tcp', 22, 4).verdict, 'not-exposed');
  });
}

test('DO-7 case 1: a /29 and a /32 of public space are restricted, not the internet', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('tcp', '443', { addresses: ['198.51.100.0/29', '192.0.2.7/32'] })],
  });
  const e = inboundExposure(web1, [fw], [web1], 'tcp', 443, 4);
  assert.equal(e.verdict, 'restricted-public');
  assert.equal(size(e.publicAllowed), 9n);
  assert.equal(describeSet(e.publicAllowed), '192.0.2.7, 198.51.100.0/29');
  assert.ok(e.explanation.includes('more than half'), e.explanation);
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
  const e = inboundExposure(web1, [a, b], [web1], 'tcp', 443, 4);
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
  const e = inboundExposure(web1, [fw], [web1], 'tcp', 22, 4);
  assert.equal(e.verdict, 'exposed');
  assert.equal(e.publicFraction, 1);
  assert.deepEqual(
    e.via.map((c) => c.rule.index),
    [0, 1],
  );
  assert.ok(e.explanation.includes('no single organisation'), e.explanation);
});

test('DO-8: a private VPC range is not exposure', () => {
  const db1 = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'] });
  const fw = firewall({
    id: 'fw',
    dropletIds: [2],
    inbound: [inbound('tcp', '5432', { addresses: ['10.116.0.0/20'] })],
  });
  const e = inboundExposure(db1, [fw], [db1], 'tcp', 5432, 4);
  assert.equal(e.verdict, 'not-exposed');
  const p = effectivePolicy(db1, [fw], [db1], { direction: 'inbound', protocol: 'tcp', port: 5432 });
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
  assert.equal(inboundExposure(db1, [fw], [db1, app], 'tcp', 5432, 4).verdict, 'not-exposed');
  const p = effectivePolicy(db1, [fw], [db1, app], { direction: 'inbound', protocol: 'tcp', port: 5432 });
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
  assert.deepEqual(coveringFirewalls(web2, [other]), []);
  for (const port of [22, 5432]) {
    const e = inboundExposure(web2, [other], [web2], 'tcp', port, 4);
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
    coveringFirewalls(web, fws).map((c) => [c.firewall.id, c.byDropletId, c.byTags]),
    [['fw-web', false, ['web']]],
  );
  assert.equal(inboundExposure(web, fws, all, 'tcp', 443, 4).verdict, 'exposed');
  assert.equal(inboundExposure(web, fws, all, 'tcp', 22, 4).verdict, 'not-exposed');
  assert.deepEqual(coveringFirewalls(worker, fws), []);
  assert.equal(inboundExposure(worker, fws, all, 'tcp', 22, 4).verdict, 'unfiltered');
  assert.equal(inboundExposure(db, fws, all, 'tcp', 5432, 4).verdict, 'not-exposed');
  const p = effectivePolicy(db, fws, all, { direction: 'inbound', protocol: 'tcp', port: 5432 });
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
  const e = inboundExposure(web1, [fwA, fwB], [web1], 'tcp', 22, 4);
  assert.equal(e.verdict, 'not-exposed');
  const p = effectivePolicy(web1, [fwA, fwB], [web1], { direction: 'inbound', protocol: 'tcp', port: 22 });
  assert.deepEqual(
    [p.allowRules.map((r) => r.firewallId), p.denyRules.map((r) => r.firewallId)],
    [['fw-b'], ['fw-a']],
  );
  // Order of firewalls does not matter.
  assert.equal(inboundExposure(web1, [fwB, fwA], [web1], 'tcp', 22, 4).verdict, 'not-exposed');
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
  const e = inboundExposure(web1, [fwA, fwB], [web1], 'tcp', 22, 4);
  assert.equal(e.verdict, 'unknown');
  assert.deepEqual(e.range, { low: 'not-exposed', high: 'exposed' });
  assert.equal(e.uncertain.length, 1);
  assert.ok(e.uncertain[0]!.why.includes('"reject"'));
  assert.ok(e.explanation.includes('fw-a'), e.explanation);
  // Alone, the unknown rule could be an allow: unknown too.
  assert.equal(inboundExposure(web1, [fwA], [web1], 'tcp', 22, 4).verdict, 'unknown');
  // It cannot change a port it does not match.
  assert.equal(inboundExposure(web1, [fwA, fwB], [web1], 'tcp', 443, 4).verdict, 'not-exposed');
});

test('unreadable ports, unknown protocols and unreadable addresses are uncertain only where they matter', () => {
  const open22 = inbound('tcp', '22', { addresses: ['0.0.0.0/0'] });
  const badPorts = inbound('tcp', 'ssh', { addresses: ['0.0.0.0/0'] });
  const sctp = inbound('sctp', '22', { addresses: ['0.0.0.0/0'] });
  const badAddr = inbound('tcp', '22', { addresses: ['everyone'] });
  const privateBadPorts = inbound('tcp', 'ssh', { addresses: ['10.0.0.0/8'] });
  const fw = (...rules: FirewallRule[]) => [firewall({ id: 'fw', dropletIds: [1], inbound: indexed(rules) })];
  assert.equal(inboundExposure(web1, fw(badPorts), [web1], 'tcp', 22, 4).verdict, 'unknown');
  assert.equal(inboundExposure(web1, fw(sctp), [web1], 'tcp', 22, 4).verdict, 'unknown');
  assert.equal(inboundExposure(web1, fw(badAddr), [web1], 'tcp', 22, 4).verdict, 'unknown');
  // A certain allow already opens the port: an uncertain allow cannot change that.
  assert.equal(inboundExposure(web1, fw(open22, badPorts), [web1], 'tcp', 22, 4).verdict, 'exposed');
  // An uncertain rule about private space only cannot create internet exposure.
  assert.equal(inboundExposure(web1, fw(privateBadPorts), [web1], 'tcp', 22, 4).verdict, 'not-exposed');
  // An unknown protocol could be anything but ICMP-with-ports still is not tcp.
  assert.equal(inboundExposure(web1, fw(sctp), [web1], 'icmp', undefined, 4).verdict, 'unknown');
});

test('an IPv4-mapped IPv6 source is uncertain: its platform meaning is unconfirmed', () => {
  const fw = firewall({
    id: 'fw',
    dropletIds: [1],
    inbound: [inbound('tcp', '22', { addresses: ['::ffff:0.0.0.0/96'] })],
  });
  const e = inboundExposure(web1, [fw], [web1], 'tcp', 22, 4);
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
  const e = inboundExposure(web1, [fw], [web1], 'tcp', 80, 4);
  assert.equal(e.verdict, 'not-exposed');
  assert.deepEqual(e.loadBalancerUids, ['lb-1']);
  const p = effectivePolicy(web1, [fw], [web1], { direction: 'inbound', protocol: 'tcp', port: 80 });
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
  const e = inboundExposure(web1, [fw], [web1], 'tcp', 22, 4);
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
  const cov = coveringFirewalls(web1, [fw]);
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
      effectivePolicy(web1, [fw], [web1], { direction: 'outbound', protocol: 'tcp', port: 25 }).denyRules[0]!,
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
      assert.equal(inboundExposure(web, fws, [web], 'tcp', 443, family).verdict, 'exposed');
      assert.equal(inboundExposure(web, fws, [web], 'tcp', 22, family).verdict, 'not-exposed');
      const out = exposureByPort(web, fws, [web], 'outbound', 'tcp', family);
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
