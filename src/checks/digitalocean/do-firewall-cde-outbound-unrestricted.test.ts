// Outbound from CDE Droplets: blanket rules fail, a short list of needs passes, unknown fields stay unknown.
import { checkTable } from '../../../test/helpers/check-tester.js';
import { droplet, firewall, makeEnv, rule as baseRule, scope, vpc } from '../../../test/helpers/env.js';
import type { Droplet, Firewall, FirewallRule, RulePeers } from '../../model/digitalocean.js';
import type { Scope } from '../../model/environment.js';
import { known, unknown } from '../../model/observed.js';
import { EMPTY_SCOPE } from '../../analysis/scope.js';
import { normalizePorts } from '../../parsers/digitalocean/ports.js';
import check from './do-firewall-cde-outbound-unrestricted.js';

const src = { kind: 'file' as const, path: 'test' };
const outbound = (
  protocol: string,
  ports: string | null,
  p: Partial<RulePeers>,
  extra: Partial<FirewallRule> = {},
): FirewallRule => ({
  ...baseRule('outbound', protocol, ports, p),
  ports: normalizePorts(protocol, ports).ports,
  ...extra,
});
const indexed = (rules: FirewallRule[]): FirewallRule[] => rules.map((r, i) => ({ ...r, index: i }));

const pay = droplet({
  id: 1,
  name: 'pay-1',
  tags: ['cde'],
  publicIpv4: ['203.0.113.10'],
  ipv6: ['2001:db8::10'],
  vpcUuid: 'a0000000-0000-4000-8000-000000000001',
});
const blog = droplet({ id: 2, name: 'blog-1', tags: ['blog'], publicIpv4: ['203.0.113.20'] });
const cdeScope: Scope = scope({ cde: { tags: ['cde'], droplets: [], vpcs: [] } });
const everywhere = { addresses: ['0.0.0.0/0', '::/0'] };

function env(firewalls: Firewall[], over: { scope?: Scope; droplets?: Droplet[] } = {}) {
  return makeEnv({
    droplets: known(over.droplets ?? [pay, blog], src),
    firewalls: known(firewalls, src),
    scope: over.scope ?? cdeScope,
  });
}
const fwOut = (...rules: FirewallRule[]) =>
  firewall({ id: 'fw-cde', name: 'cde', tags: ['cde'], outbound: indexed(rules) });

checkTable(check, [
  {
    name: 'the control-panel default: all TCP and UDP to anywhere',
    env: env([
      fwOut(
        outbound('tcp', '0', everywhere),
        outbound('udp', '0', everywhere),
        outbound('icmp', '0', everywhere),
      ),
    ]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
    messageIncludes: 'every port',
  },
  {
    name: 'everything but port 25 is still unrestricted (corpus deny-rule pattern)',
    env: env([
      fwOut(outbound('tcp', '0', everywhere)),
      firewall({
        id: 'fw-deny',
        tags: ['cde'],
        outbound: [outbound('tcp', '25', everywhere, { action: 'deny' })],
      }),
    ]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
    messageIncludes: '65534 of 65535 ports',
  },
  {
    name: 'udp to the internet on all ports over IPv6 only still fails',
    env: env([fwOut(outbound('udp', 'all', { addresses: ['::/0'] }))]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
    messageIncludes: 'UDP on every port (IPv6)',
  },
  {
    name: 'tcp 1-40000 to the internet is more than half of the ports',
    env: env([fwOut(outbound('tcp', '1-40000', { addresses: ['0.0.0.0/1', '128.0.0.0/1'] }))]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
  },
  {
    name: 'tcp all ports to 0.0.0.0/2 and 2000::/4 is the internet on every port',
    env: env([fwOut(outbound('tcp', 'all', { addresses: ['0.0.0.0/2', '2000::/4'] }))]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
    messageIncludes: 'TCP on every port (IPv4 and IPv6)',
  },
  {
    name: 'tcp all ports to exactly an IPv4 /8 of public addresses is the internet',
    env: env([fwOut(outbound('tcp', 'all', { addresses: ['11.0.0.0/8'] }))]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'outbound-unrestricted',
    messageIncludes: 'TCP on every port (IPv4)',
  },
  {
    name: 'tcp all ports to one address less than an IPv4 /8 is limited',
    env: env([
      fwOut(
        outbound('tcp', 'all', { addresses: ['11.0.0.0/8'] }),
        outbound('tcp', 'all', { addresses: ['11.255.255.255'] }, { action: 'deny' }),
      ),
    ]),
    resource: 'pay-1',
    status: 'pass',
    messageId: 'outbound-restricted',
  },
  {
    name: 'a short list of needs passes and is listed',
    env: env([
      fwOut(
        outbound('tcp', '443', everywhere),
        outbound('udp', '53', { addresses: ['67.207.67.2', '67.207.67.3'] }),
        outbound('udp', '123', everywhere),
      ),
    ]),
    resource: 'pay-1',
    status: 'pass',
    messageId: 'outbound-restricted',
    messageIncludes: 'TCP 443 (IPv4 and IPv6)',
  },
  {
    name: 'tcp 1-30000 to the internet is less than half of the ports',
    env: env([fwOut(outbound('tcp', '1-30000', everywhere))]),
    resource: 'pay-1',
    status: 'pass',
    messageId: 'outbound-restricted',
  },
  {
    name: 'all ports but only to the VPC range is not the internet',
    env: env([
      fwOut(outbound('tcp', '0', { addresses: ['10.116.0.0/20'] }), outbound('udp', '0', { tags: ['db'] })),
    ]),
    resource: 'pay-1',
    status: 'pass',
    messageId: 'outbound-restricted',
  },
  {
    name: 'no outbound rules: all egress blocked',
    env: env([fwOut()]),
    resource: 'pay-1',
    status: 'pass',
    messageId: 'outbound-restricted',
  },
  {
    name: 'no Cloud Firewall on a CDE Droplet',
    env: env([]),
    resource: 'pay-1',
    status: 'fail',
    messageId: 'no-cloud-firewall',
  },
  {
    name: 'an unknown action on the blanket rule is not decided',
    env: env([fwOut(outbound('tcp', '0', everywhere, { action: 'log' }))]),
    resource: 'pay-1',
    status: 'unknown',
    messageId: 'outbound-uncertain',
  },
  {
    name: 'unparseable ports on a world-wide rule are not decided',
    env: env([fwOut(outbound('tcp', 'any', everywhere))]),
    resource: 'pay-1',
    status: 'unknown',
    messageId: 'outbound-uncertain',
  },
  {
    name: 'non-CDE Droplets are not judged',
    env: env([fwOut(outbound('tcp', '0', everywhere))]),
    resource: 'blog-1',
    status: 'not_applicable',
    messageId: 'not-cde',
  },
  {
    name: 'scope not declared: unknown',
    env: env([fwOut(outbound('tcp', '0', everywhere))], { scope: EMPTY_SCOPE }),
    resource: 'pay-1',
    status: 'unknown',
    messageId: 'scope-not-declared',
  },
  {
    name: 'firewalls not collected: unknown',
    env: makeEnv({
      droplets: known([pay], src),
      firewalls: unknown('access_denied', 'GET /v2/firewalls was refused'),
      scope: cdeScope,
    }),
    status: 'unknown',
    messageId: 'firewalls-not-collected',
  },
  {
    name: "CDE declared by VPC name but the Droplet's VPC is unknown",
    env: env([], {
      scope: scope({ cde: { tags: [], droplets: [], vpcs: ['cde-vpc'] } }),
      droplets: [droplet({ id: 3, name: 'mystery', publicIpv4: ['203.0.113.30'] })],
    }),
    status: 'unknown',
    messageId: 'droplet-vpc-unknown',
  },
  {
    name: 'CDE declared by VPC name and VPCs not collected',
    env: makeEnv({
      droplets: known(
        [droplet({ id: 3, name: 'in-vpc', vpcUuid: 'b0000000-0000-4000-8000-000000000002' })],
        src,
      ),
      firewalls: known([], src),
      vpcs: unknown('access_denied', 'GET /v2/vpcs was refused'),
      scope: scope({ cde: { tags: [], droplets: [], vpcs: ['cde-vpc'] } }),
    }),
    status: 'unknown',
    messageId: 'vpcs-not-collected',
  },
  {
    name: 'CDE by VPC name resolved through the VPC list',
    env: makeEnv({
      droplets: known(
        [droplet({ id: 3, name: 'in-vpc', vpcUuid: 'b0000000-0000-4000-8000-000000000002' })],
        src,
      ),
      firewalls: known([], src),
      vpcs: known([vpc({ id: 'b0000000-0000-4000-8000-000000000002', name: 'cde-vpc' })], src),
      scope: scope({ cde: { tags: [], droplets: [], vpcs: ['cde-vpc'] } }),
    }),
    status: 'fail',
    messageId: 'no-cloud-firewall',
  },
]);
