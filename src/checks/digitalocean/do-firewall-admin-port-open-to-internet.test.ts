// Administrative ports open to the internet: every trap about ports, address families, unions of
// blocks, private ranges, tag sources, deny rules and unknown fields (DO-1..DO-4, DO-7, DO-8, DO-10..DO-12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkTable } from '../../../test/helpers/check-tester.js';
import { droplet, firewall, makeEnv, rule as baseRule } from '../../../test/helpers/env.js';
import type { Droplet, Firewall, FirewallRule, RulePeers } from '../../model/digitalocean.js';
import { known, unknown } from '../../model/observed.js';
import { normalizePorts } from '../../parsers/digitalocean/ports.js';
import { normalizeFirewalls } from '../../parsers/digitalocean/firewalls.js';
import check from './do-firewall-admin-port-open-to-internet.js';

const src = { kind: 'file' as const, path: 'test' };
// The shared helper leaves `ports` null; normalise them the way the API parser does.
const inbound = (
  protocol: string,
  ports: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
): FirewallRule => ({
  ...baseRule('inbound', protocol, ports, p),
  ports: normalizePorts(protocol, ports).ports,
  ...extra,
});
const indexed = (rules: FirewallRule[]): FirewallRule[] => rules.map((r, i) => ({ ...r, index: i }));

const web1 = droplet({
  id: 1,
  name: 'web-1',
  tags: ['web'],
  publicIpv4: ['203.0.113.10'],
  privateIpv4: ['10.116.0.10'],
});
const web6 = droplet({ id: 1, name: 'web-1', publicIpv4: ['203.0.113.10'], ipv6: ['2001:db8::10'] });
const db1 = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'], privateIpv4: ['10.116.0.20'] });
const app1 = droplet({
  id: 3,
  name: 'app-1',
  tags: ['app'],
  publicIpv4: ['203.0.113.30'],
  privateIpv4: ['10.116.0.30'],
});

function env(droplets: Droplet[], firewalls: Firewall[]) {
  return makeEnv({ droplets: known(droplets, src), firewalls: known(firewalls, src) });
}
const on = (d: Droplet, ...rules: FirewallRule[]) =>
  firewall({ id: `fw-${d.name}`, name: `fw-${d.name}`, dropletIds: [d.id], inbound: indexed(rules) });

checkTable(check, [
  {
    name: 'DO-2: tcp ports "0" from 0.0.0.0/0 opens SSH and every database port',
    env: env([web1], [on(web1, inbound('tcp', '0', { addresses: ['0.0.0.0/0'] }))]),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'SSH (tcp 22)',
  },
  {
    name: 'DO-2 variant: "all" and a missing port are every port too',
    env: env(
      [web1],
      [
        on(
          web1,
          inbound('tcp', 'all', { addresses: ['0.0.0.0/0'] }),
          inbound('udp', null, { addresses: ['0.0.0.0/0'] }),
        ),
      ],
    ),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
    messageIncludes: '30 administrative and database ports',
  },
  {
    name: 'a typo range 1-65355 still covers 22',
    env: env([web1], [on(web1, inbound('tcp', '1-65355', { addresses: ['0.0.0.0/0'] }))]),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
  },
  {
    name: 'DO-3: an ICMP rule with ports "0" opens no admin port',
    env: env([web6], [on(web6, inbound('icmp', '0', { addresses: ['0.0.0.0/0', '::/0'] }))]),
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  ...['::/0', '::0/0', '0::/0'].map((spelling) => ({
    name: `DO-4: tcp 22 from ${spelling} is open to the internet over IPv6`,
    env: env([web6], [on(web6, inbound('tcp', '22', { addresses: [spelling] }))]),
    status: 'fail' as const,
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'over IPv6',
  })),
  {
    name: 'DO-4 variant: ::/0 on a Droplet without IPv6 reaches nothing',
    env: env([web1], [on(web1, inbound('tcp', '22', { addresses: ['::/0'] }))]),
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-7 case 1: a /29 and a /32 on tcp 443 are not the internet (and 443 is not an admin port)',
    env: env([web1], [on(web1, inbound('tcp', '443', { addresses: ['198.51.100.0/29', '192.0.2.7/32'] }))]),
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-7 case 1 on SSH: narrow public sources pass with a request to document them',
    env: env([web1], [on(web1, inbound('tcp', '22', { addresses: ['198.51.100.0/29', '192.0.2.7/32'] }))]),
    status: 'pass',
    messageId: 'admin-port-restricted-public',
    messageIncludes: 'SSH (tcp 22)',
  },
  {
    name: 'DO-7 case 3: 0.0.0.0/1 plus 128.0.0.0/1 on tcp 22 is the internet',
    env: env(
      [web1],
      [
        on(
          web1,
          inbound('tcp', '22', { addresses: ['0.0.0.0/1'] }),
          inbound('tcp', '22', { addresses: ['128.0.0.0/1'] }),
        ),
      ],
    ),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'and 1 other rule',
  },
  {
    name: 'DO-8: tcp 5432 from the VPC range 10.116.0.0/20 is private',
    env: env([db1], [on(db1, inbound('tcp', '5432', { addresses: ['10.116.0.0/20'] }))]),
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-1: tcp 5432 from tag "app" only admits the app Droplets',
    env: env([db1, app1], [on(db1, inbound('tcp', '5432', { tags: ['app'] }))]),
    resource: 'db-1',
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-10: a public Droplet without any firewall fails',
    env: env(
      [droplet({ id: 12, name: 'web-2', tags: ['web'], publicIpv4: ['203.0.113.12'] })],
      [firewall({ id: 'fw-api', tags: ['api'] })],
    ),
    status: 'fail',
    messageId: 'unfiltered-public-droplet',
    messageIncludes: '203.0.113.12',
  },
  {
    name: 'DO-11: the tag-covered web Droplet only opens 443',
    env: env(
      [web1, db1],
      [
        firewall({
          id: 'fw-web',
          tags: ['web'],
          inbound: [inbound('tcp', '443', { addresses: ['0.0.0.0/0', '::/0'] })],
        }),
        firewall({ id: 'fw-db', dropletIds: [2], inbound: [inbound('tcp', '5432', { tags: ['web'] })] }),
      ],
    ),
    resource: 'web-1',
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-12: a deny in one firewall beats an allow in another',
    env: env(
      [web1],
      [
        firewall({
          id: 'fw-a',
          dropletIds: [1],
          inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }, { action: 'deny' })],
        }),
        firewall({
          id: 'fw-b',
          dropletIds: [1],
          inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] })],
        }),
      ],
    ),
    status: 'pass',
    messageId: 'admin-ports-not-exposed',
  },
  {
    name: 'DO-12: an unknown action on the rule that decides SSH is unknown, never pass',
    env: env(
      [web1],
      [
        firewall({
          id: 'fw-a',
          dropletIds: [1],
          inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }, { action: 'reject' })],
        }),
        firewall({
          id: 'fw-b',
          dropletIds: [1],
          inbound: [inbound('tcp', '22', { addresses: ['0.0.0.0/0'] })],
        }),
      ],
    ),
    status: 'unknown',
    messageId: 'admin-port-exposure-unknown',
  },
  {
    name: 'unparseable ports on a world-open rule: unknown',
    env: env([web1], [on(web1, inbound('tcp', 'ssh', { addresses: ['0.0.0.0/0'] }))]),
    status: 'unknown',
    messageId: 'admin-port-exposure-unknown',
  },
  {
    name: 'an unknown protocol on a world-open rule: unknown',
    env: env([web1], [on(web1, inbound('sctp', '22', { addresses: ['0.0.0.0/0'] }))]),
    status: 'unknown',
    messageId: 'admin-port-exposure-unknown',
  },
  {
    name: 'an unknown action cannot hide a port another rule opens: fail',
    env: env(
      [web1],
      [
        on(
          web1,
          inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }),
          inbound('tcp', '3306', { addresses: ['0.0.0.0/0'] }, { action: 'reject' }),
        ),
      ],
    ),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
  },
  {
    name: 'udp 161 (SNMP) from ::/0 over IPv6',
    env: env([web6], [on(web6, inbound('udp', '161', { addresses: ['::/0'] }))]),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'SNMP',
  },
  // The "internet" bar is an IPv4 /8 or an IPv6 /32 worth of public addresses, not half of the space.
  ...(
    [
      ['128.0.0.0/1', web1],
      ['0.0.0.0/2', web1],
      ['2000::/4', web6],
      ['11.0.0.0/8', web1],
      ['2a00::/32', web6],
    ] as const
  ).map(([source, d]) => ({
    name: `SSH from ${source} is open to the internet`,
    env: env([d], [on(d, inbound('tcp', '22', { addresses: [source] }))]),
    status: 'fail' as const,
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'SSH (tcp 22)',
  })),
  {
    name: 'SSH from 0.0.0.0/0 with 0.0.0.0/1 denied is still open to the internet',
    env: env(
      [web1],
      [
        on(
          web1,
          inbound('tcp', '22', { addresses: ['0.0.0.0/0'] }),
          inbound('tcp', '22', { addresses: ['0.0.0.0/1'] }, { action: 'deny' }),
        ),
      ],
    ),
    status: 'fail',
    messageId: 'admin-port-open-to-internet',
    messageIncludes: 'SSH (tcp 22)',
  },
  {
    name: 'SSH from one address less than an IPv4 /8 is restricted, not the internet',
    env: env(
      [web1],
      [
        on(
          web1,
          inbound('tcp', '22', { addresses: ['11.0.0.0/8'] }),
          inbound('tcp', '22', { addresses: ['11.255.255.255'] }, { action: 'deny' }),
        ),
      ],
    ),
    status: 'pass',
    messageId: 'admin-port-restricted-public',
  },
  {
    name: 'SSH from one address less than an IPv6 /32 is restricted, not the internet',
    env: env(
      [web6],
      [
        on(
          web6,
          inbound('tcp', '22', { addresses: ['2a00::/32'] }),
          inbound('tcp', '22', { addresses: ['2a00::'] }, { action: 'deny' }),
        ),
      ],
    ),
    status: 'pass',
    messageId: 'admin-port-restricted-public',
  },
  {
    name: 'a load balancer source on an admin port is not decided',
    env: env(
      [db1],
      [on(db1, inbound('tcp', '5432', { loadBalancerUids: ['4de7ac8b-495b-4884-9a69-1050c6793cd6'] }))],
    ),
    status: 'unknown',
    messageId: 'admin-port-via-load-balancer',
  },
  {
    name: 'no public address: the internet cannot reach it',
    env: env([droplet({ id: 5, name: 'worker-private', privateIpv4: ['10.116.0.5'] })], []),
    status: 'pass',
    messageId: 'no-public-address',
  },
  {
    name: 'firewalls not collected: unknown',
    env: makeEnv({
      droplets: known([web1], src),
      firewalls: unknown('unparseable', 'digitalocean/firewalls.json: $.firewalls[0].id: expected string'),
    }),
    status: 'unknown',
    messageId: 'firewalls-not-collected',
  },
]);

test('do-firewall-admin-port-open-to-internet: evidence cites firewall, rule index, ports and sources', () => {
  const fw = firewall({
    id: 'fw-1',
    name: 'legacy',
    dropletIds: [1],
    inbound: indexed([
      inbound('tcp', '443', { addresses: ['0.0.0.0/0'] }),
      inbound('tcp', '0', { addresses: ['0.0.0.0/0', '::/0'] }),
    ]),
  });
  const [f] = check.run(env([web1], [fw]));
  assert.ok(f);
  assert.equal(f.status, 'fail');
  assert.ok(f.message.includes('inbound_rules[1]'), f.message);
  const ev = f.evidence[0]!;
  assert.ok(
    ev.observed.includes(
      'firewall "legacy" (fw-1) inbound_rules[1]: allow tcp all ports from 0.0.0.0/0, ::/0',
    ),
    ev.observed,
  );
  assert.ok(ev.observed.includes('SSH (tcp 22) over IPv4'), ev.observed);
  assert.deepEqual(ev.source, fw.source);
});

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
test(
  'do-firewall-admin-port-open-to-internet: corpus deny rules keep SSH closed on a web Droplet',
  { skip: existsSync(CORPUS) ? false : 'corpus not found' },
  () => {
    const parsed = normalizeFirewalls(
      JSON.parse(readFileSync(CORPUS + 'firewalls_list.deny_rules.json', 'utf8')),
      'fw.json',
    );
    assert.ok(parsed.value.known);
    const web = droplet({
      id: 7,
      name: 'web',
      tags: ['web'],
      publicIpv4: ['203.0.113.70'],
      ipv6: ['2001:db8::70'],
    });
    const [f] = check.run(makeEnv({ droplets: known([web], src), firewalls: parsed.value }));
    assert.equal(f?.status, 'pass');
    assert.equal(f?.messageId, 'admin-ports-not-exposed');
  },
);
