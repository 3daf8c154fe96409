// Firewall bodies from the corpus normalise to the values in the files: ports, actions, missing targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Firewall, FirewallRule } from '../../model/digitalocean.js';
import { normalizeFirewalls } from './firewalls.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
const skip = existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`;
const load = (name: string): unknown => JSON.parse(readFileSync(CORPUS + name, 'utf8'));

function knownFirewalls(body: unknown, file: string, endpoint?: string): Firewall[] {
  const r = normalizeFirewalls(body, file, endpoint === undefined ? {} : { endpoint });
  assert.ok(r.value.known, r.value.known ? '' : r.value.detail);
  return r.value.value;
}

const noPeers = { addresses: [], dropletIds: [], tags: [], loadBalancerUids: [], kubernetesIds: [] };
const LB = '4de7ac8b-495b-4884-9a69-1050c6793cd6';

test(
  'corpus firewalls_list.json: one firewall, a load-balancer source and a tag+address source',
  { skip },
  () => {
    const r = normalizeFirewalls(load('firewalls_list.json'), 'digitalocean/firewalls.json');
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.value.known);
    const [f] = r.value.value as [Firewall];
    assert.equal(r.value.value.length, 1);
    assert.deepEqual(
      [f.id, f.name, f.status, f.dropletIds, f.tags, f.pendingChanges],
      ['fb6045f1-cf1d-4ca3-bfac-18832663025b', 'firewall', 'succeeded', [8043964], [], 0],
    );
    assert.deepEqual(f.source, {
      kind: 'do-api',
      endpoint: 'GET /v2/firewalls',
      id: 'fb6045f1-cf1d-4ca3-bfac-18832663025b',
      file: 'digitalocean/firewalls.json',
    });
    assert.deepEqual(f.inbound, [
      {
        direction: 'inbound',
        protocol: 'tcp',
        ports: { from: 80, to: 80 },
        portsRaw: '80',
        action: 'allow',
        peers: { ...noPeers, loadBalancerUids: [LB] },
        index: 0,
      },
      {
        direction: 'inbound',
        protocol: 'tcp',
        ports: { from: 22, to: 22 },
        portsRaw: '22',
        action: 'allow',
        peers: { ...noPeers, tags: ['gateway'], addresses: ['18.0.0.0/8'] },
        index: 1,
      },
    ]);
    assert.deepEqual(f.outbound, [
      {
        direction: 'outbound',
        protocol: 'tcp',
        ports: { from: 80, to: 80 },
        portsRaw: '80',
        action: 'allow',
        peers: { ...noPeers, addresses: ['0.0.0.0/0', '::/0'] },
        index: 0,
      },
    ]);
  },
);

test('corpus firewall_get.json: single object, same rules', { skip }, () => {
  const [f, ...rest] = knownFirewalls(load('firewall_get.json'), 'fw.json');
  assert.equal(rest.length, 0);
  assert.equal(f!.id, 'bb4b2611-3d72-467b-8602-280330ecd65c');
  assert.equal(f!.source.kind === 'do-api' && f!.source.endpoint, 'GET /v2/firewalls/{firewall_id}');
  assert.deepEqual(
    f!.inbound.map((r) => r.portsRaw),
    ['80', '22'],
  );
  assert.deepEqual(f!.outbound[0]!.peers.addresses, ['0.0.0.0/0', '::/0']);
});

test(
  'corpus firewall_get.godo.json: ICMP has no ports, a missing destination matches nothing, pending changes counted',
  { skip },
  () => {
    const [f] = knownFirewalls(load('firewall_get.godo.json'), 'fw.json') as [Firewall];
    assert.deepEqual(
      [f.id, f.name, f.status, f.pendingChanges, f.dropletIds, f.tags],
      ['fe6b88f2-b42b-4bf7-bbd3-5ae20208f0b0', 'f-i-r-e-w-a-l-l', 'waiting', 1, [123], ['frontend']],
    );
    const icmpIn = f.inbound[0]!;
    assert.deepEqual(
      [icmpIn.protocol, icmpIn.ports, icmpIn.portsRaw, icmpIn.peers.tags],
      ['icmp', null, '0', ['frontend']],
    );
    assert.deepEqual(f.inbound[1]!.ports, { from: 8000, to: 9000 });
    assert.deepEqual(f.inbound[1]!.peers.addresses, ['0.0.0.0/0']);
    const icmpOut = f.outbound[0]!;
    assert.deepEqual([icmpOut.protocol, icmpOut.ports, icmpOut.peers], ['icmp', null, noPeers]);
    assert.deepEqual(f.outbound[1]!.peers.addresses, ['::/1']);
  },
);

test('corpus firewalls_list.godo.json: no status and no pending_changes keys', { skip }, () => {
  const r = normalizeFirewalls(load('firewalls_list.godo.json'), 'fw.json');
  assert.ok(r.value.known);
  assert.deepEqual(r.diagnostics, []);
  const f = r.value.value[0]!;
  assert.deepEqual(
    [f.id, f.status, f.pendingChanges, f.inbound.length, f.outbound.length],
    ['fe6b88f2-b42b-4bf7-bbd3-5ae20208f0b0', 'unknown', 0, 2, 2],
  );
});

test('corpus droplet_firewalls.json: every target kind in one rule', { skip }, () => {
  const [f] = knownFirewalls(
    load('droplet_firewalls.json'),
    'fw.json',
    'GET /v2/droplets/{droplet_id}/firewalls',
  ) as [Firewall];
  assert.deepEqual(
    [f.id, f.dropletIds, f.tags, f.pendingChanges],
    ['bb4b2611-3d72-467b-8602-280330ecd65c', [89989, 33322], ['base-image', 'prod'], 1],
  );
  assert.equal(f.source.kind === 'do-api' && f.source.endpoint, 'GET /v2/droplets/{droplet_id}/firewalls');
  assert.deepEqual(f.inbound[0], {
    direction: 'inbound',
    protocol: 'udp',
    ports: { from: 8000, to: 9000 },
    portsRaw: '8000-9000',
    action: 'allow',
    peers: {
      addresses: ['1.2.3.4', '18.0.0.0/8'],
      dropletIds: [8282823, 3930392],
      tags: ['base-image', 'dev'],
      loadBalancerUids: [LB],
      kubernetesIds: [],
    },
    index: 0,
  });
  assert.deepEqual(f.outbound[0]!.peers.dropletIds, [3827493, 213213]);
  assert.deepEqual(f.outbound[0]!.ports, { from: 7000, to: 9000 });
});

test(
  'corpus firewalls_list.deny_rules.json: absent action is allow, "0" is every port, deny kept',
  { skip },
  () => {
    const r = normalizeFirewalls(load('firewalls_list.deny_rules.json'), 'fw.json');
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.value.known);
    const [pub, deny] = r.value.value as [Firewall, Firewall];
    assert.deepEqual([pub.name, pub.tags, pub.dropletIds], ['web-public', ['web'], []]);
    assert.deepEqual(
      pub.inbound.map((x) => [x.ports, x.action]),
      [
        [{ from: 443, to: 443 }, 'allow'],
        [{ from: 22, to: 22 }, 'allow'],
      ],
    );
    assert.deepEqual([pub.outbound[0]!.ports, pub.outbound[0]!.portsRaw], [{ from: 1, to: 65535 }, '0']);
    assert.deepEqual(
      [
        deny.name,
        deny.inbound[0]!.action,
        deny.inbound[0]!.ports,
        deny.outbound[0]!.action,
        deny.outbound[0]!.ports,
      ],
      ['deny-ssh-outside-office', 'deny', { from: 22, to: 22 }, 'deny', { from: 25, to: 25 }],
    );
  },
);

test('corpus error bodies map to unknown firewalls', { skip }, () => {
  const f403 = normalizeFirewalls(load('error_403_forbidden.json'), 'e.json');
  assert.ok(
    !f403.value.known && f403.value.reason === 'access_denied' && f403.value.detail.includes('firewall:read'),
  );
  const f500 = normalizeFirewalls(load('error_500_server_error.json'), 'e.json');
  assert.ok(!f500.value.known && f500.value.reason === 'not_collected');
});

const rule = (over: Record<string, unknown>) => ({
  protocol: 'tcp',
  ports: '22',
  sources: { addresses: ['0.0.0.0/0'] },
  ...over,
});
const fw = (inbound: unknown[], over: Record<string, unknown> = {}) => ({
  firewalls: [{ id: 'fw-1', name: 'fw', status: 'succeeded', inbound_rules: inbound, ...over }],
});

function onlyRule(body: unknown): { rule: FirewallRule; codes: string[] } {
  const r = normalizeFirewalls(body, 'f.json');
  assert.ok(r.value.known, r.value.known ? '' : r.value.detail);
  return { rule: r.value.value[0]!.inbound[0]!, codes: r.diagnostics.map((d) => d.code) };
}

test('DO-12: an unknown action is kept verbatim and reported, never dropped', () => {
  assert.equal(onlyRule(fw([rule({ action: 'deny' })])).rule.action, 'deny');
  assert.equal(onlyRule(fw([rule({ action: null })])).rule.action, 'allow');
  const reject = onlyRule(fw([rule({ action: 'reject' })]));
  assert.deepEqual([reject.rule.action, reject.codes], ['reject', ['do-unknown-action']]);
  const upper = onlyRule(fw([rule({ action: 'DENY' })]));
  assert.deepEqual([upper.rule.action, upper.codes], ['DENY', ['do-unknown-action']]);
  assert.equal(onlyRule(fw([rule({ action: 1 })])).rule.action, '1');
});

test('unknown protocols and garbage ports survive with a diagnostic', () => {
  const sctp = onlyRule(fw([rule({ protocol: 'sctp' })]));
  assert.deepEqual([sctp.rule.protocol, sctp.codes], ['sctp', ['do-unknown-protocol']]);
  const none = onlyRule(fw([rule({ protocol: undefined })]));
  assert.deepEqual([none.rule.protocol, none.codes], ['', ['do-unknown-protocol']]);
  const bad = onlyRule(fw([rule({ ports: 'ssh' })]));
  assert.deepEqual([bad.rule.ports, bad.rule.portsRaw, bad.codes], [null, 'ssh', ['do-bad-ports']]);
  const addr = onlyRule(fw([rule({ sources: { addresses: ['0.0.0.0/0', 'everyone'] } })]));
  assert.deepEqual([addr.rule.peers.addresses, addr.codes], [['0.0.0.0/0', 'everyone'], ['do-bad-address']]);
  // Missing ports on tcp means every port (DO-2), and TCP in capitals is tcp.
  assert.deepEqual(onlyRule(fw([rule({ protocol: 'TCP', ports: undefined })])).rule.ports, {
    from: 1,
    to: 65535,
  });
});

test('null targets and null lists are empty; extra fields are ignored', () => {
  const r = normalizeFirewalls(
    fw([rule({ sources: null, brand_new: true })], {
      droplet_ids: null,
      tags: null,
      outbound_rules: null,
      pending_changes: null,
      created_at: 'x',
    }),
    'f.json',
  );
  assert.ok(r.value.known);
  const f = r.value.value[0]!;
  assert.deepEqual(
    [f.dropletIds, f.tags, f.outbound, f.pendingChanges, f.inbound[0]!.peers],
    [[], [], [], 0, noPeers],
  );
  assert.deepEqual(knownFirewalls({ firewalls: null }, 'f.json'), []);
});

test('wrong types are unparseable with file and JSON path', () => {
  const cases: [unknown, string][] = [
    [
      fw([rule({ sources: { droplet_ids: ['123'] } })]),
      '$.firewalls[0].inbound_rules[0].sources.droplet_ids[0]',
    ],
    [fw([], { id: 7 }), '$.firewalls[0].id'],
    [{ firewall: { id: 'x', inbound_rules: 'all' } }, '$.firewall.inbound_rules'],
    [{ droplets: [] }, '"droplets"'],
  ];
  for (const [body, path] of cases) {
    const r = normalizeFirewalls(body, 'digitalocean/firewalls.json');
    assert.ok(!r.value.known && r.value.reason === 'unparseable', JSON.stringify(body));
    assert.ok(
      r.value.detail.includes(path) && r.value.detail.includes('digitalocean/firewalls.json'),
      r.value.detail,
    );
  }
});
