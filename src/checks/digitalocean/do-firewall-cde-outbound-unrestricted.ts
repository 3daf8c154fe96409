// Fails a CDE Droplet whose Cloud Firewalls let it open connections to the whole internet on (nearly)
// every TCP or UDP port, or that no Cloud Firewall covers at all.
import { defineCheck, type Evidence } from '../kit.js';
import type { Droplet, IpFamily, PortRange } from '../../model/digitalocean.js';
import {
  FAMILIES,
  contributors,
  coveringFirewalls,
  describeRule,
  enforcementNotes,
  exposureByPort,
  portCount,
  ruleRef,
  type RuleRef,
  type Uncertainty,
} from '../../analysis/cloud-firewall.js';
import { EXPOSURE_THRESHOLD_TEXT } from '../../analysis/net/internet-exposure.js';
import { dropletRef } from './shared/droplet-scope.js';
import { firewallIndexOf } from './shared/firewall-index.js';
import { passesCdeGate } from '../scope-gate.js';

const ALL_PORTS = 65535;

/**
 * "Unrestricted" = the internet is reachable on MORE THAN HALF of the protocol's 65535 ports. "The
 * internet" is the same bar as for inbound exposure (`INTERNET_THRESHOLD`): a destination set whose public
 * part holds at least an IPv4 /8 or an IPv6 /32 worth of addresses, so "all ports to 0.0.0.0/2 and
 * 2000::/4" is as unrestricted as "all ports to 0.0.0.0/0". A blanket "all ports" rule narrowed by one or
 * two deny rules is still a blanket rule; no business need is served by tens of thousands of destination
 * ports, while every real need (443 to a payment gateway, 53 to resolvers) is a short list.
 */
function unrestricted(openPorts: number): boolean {
  return openPorts * 2 > ALL_PORTS;
}

function describeRanges(ranges: readonly PortRange[]): string {
  const parts = ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`));
  return parts.length > 6
    ? `${parts.slice(0, 6).join(', ')} and ${parts.length - 6} more ranges`
    : parts.join(', ');
}

/** `TCP on every port (IPv4 and IPv6)`: one entry per description, with the families it holds for. */
function grouped(items: readonly { key: string; family: IpFamily }[]): string[] {
  const byKey = new Map<string, IpFamily[]>();
  for (const i of items) byKey.set(i.key, [...(byKey.get(i.key) ?? []), i.family]);
  return [...byKey].map(([key, fams]) => `${key} (${fams.map((f) => `IPv${f}`).join(' and ')})`);
}

type Summary = {
  protocol: 'tcp' | 'udp';
  family: IpFamily;
  certainOpen: PortRange[];
  possibleOpen: PortRange[];
  rules: RuleRef[];
  uncertain: Uncertainty[];
};

export default defineCheck<Droplet>({
  id: 'do-firewall-cde-outbound-unrestricted',
  title: 'Outbound traffic from CDE Droplets is restricted to what is needed',
  severity: 'high',
  pci: ['1.3.2'],
  rationale:
    'PCI DSS 1.3.2 limits outbound traffic from the cardholder data environment to what is necessary. When a CDE Droplet may connect anywhere on any port, malware or an attacker on it can send card data to any server in the world and fetch tools from anywhere, and nothing in the network notices. DigitalOcean\'s control panel proposes "all TCP, all UDP, all ICMP to anywhere" as the default outbound rule, so this is common; a restricted rule set names the few destinations and ports the shop needs (payment gateway, Shopify APIs, package mirrors, DNS, NTP).',
  remediation: [
    'Replace the blanket outbound rules with the destinations and ports the Droplet needs:',
    '',
    '  doctl compute firewall remove-rules <firewall-id> --outbound-rules "protocol:tcp,ports:all,address:0.0.0.0/0,address:::/0 protocol:udp,ports:all,address:0.0.0.0/0,address:::/0"',
    '  doctl compute firewall add-rules <firewall-id> --outbound-rules "protocol:tcp,ports:443,address:203.0.113.0/24 protocol:udp,ports:53,address:67.207.67.2,address:67.207.67.3 protocol:udp,ports:123,address:0.0.0.0/0"',
    '',
    'Terraform (one outbound_rule per need; list the real destination ranges of your payment provider):',
    '',
    '  outbound_rule {',
    '    protocol              = "tcp"',
    '    port_range            = "443"',
    '    destination_addresses = ["203.0.113.0/24"]',
    '  }',
    '  outbound_rule {',
    '    protocol              = "udp"',
    '    port_range            = "53"',
    '    destination_addresses = ["67.207.67.2/32", "67.207.67.3/32"]',
    '  }',
    '',
    'If HTTPS must reach many hosts, send it through an egress proxy in the VPC and allow only the proxy.',
  ].join('\n'),
  appliesTo: (env) => (env.droplets.known ? env.droplets.value : env.droplets),
  describe: dropletRef,
  evaluate(d, env, report) {
    if (!passesCdeGate(env, d, report)) return;
    if (!env.firewalls.known) {
      report.unknown(
        'firewalls-not-collected',
        `Not tested: Cloud Firewalls were not read (${env.firewalls.detail}), so the outbound policy of CDE Droplet "${d.name}" is unknown.`,
        [
          {
            observed: env.firewalls.detail,
            ...(env.firewalls.source ? { source: env.firewalls.source } : {}),
          },
        ],
      );
      return;
    }
    const index = firewallIndexOf(env);
    const covering = coveringFirewalls(d, index);
    if (covering.length === 0) {
      report.fail(
        'no-cloud-firewall',
        `CDE Droplet "${d.name}" has no Cloud Firewall, so it may send traffic to any address on any port; nothing at the cloud layer restricts what leaves the CDE.`,
        [
          {
            observed: `Droplet ${d.id} "${d.name}", tags [${d.tags.join(', ')}]: no Cloud Firewall lists its id or shares its tags`,
            expected: 'a Cloud Firewall whose outbound rules name the needed destinations and ports',
            source: d.source,
          },
        ],
      );
      return;
    }
    // IPv6 egress needs an IPv6 address; IPv4 egress is possible without a public address (NAT gateway).
    const families = FAMILIES.filter((f) => f === 4 || d.ipv6.length > 0);
    const summaries: Summary[] = [];
    for (const protocol of ['tcp', 'udp'] as const) {
      for (const family of families) {
        const segments = exposureByPort(d, index, 'outbound', protocol, family);
        const certain = segments.filter((s) => s.range.low === 'exposed');
        const possible = segments.filter((s) => s.range.high === 'exposed');
        const rules = new Map<string, RuleRef>();
        for (const s of certain)
          for (const c of contributors(s.policy, family))
            rules.set(`${c.rule.firewallId}/${c.rule.index}`, c.rule);
        const uncertain = new Map<string, Uncertainty>();
        for (const s of possible.filter((x) => x.range.low !== 'exposed'))
          for (const u of s.policy.uncertain) uncertain.set(`${u.rule.firewallId}/${u.rule.index}`, u);
        summaries.push({
          protocol,
          family,
          certainOpen: certain.map((s) => s.ports),
          possibleOpen: possible.map((s) => s.ports),
          rules: [...rules.values()],
          uncertain: [...uncertain.values()],
        });
      }
    }
    const notes: Evidence[] = enforcementNotes(covering).map((n) => ({ observed: `Not yet enforced: ${n}` }));
    const failing = summaries.filter((s) => unrestricted(portCount(s.certainOpen)));
    if (failing.length > 0) {
      const what = grouped(
        failing.map((s) => ({
          key: `${s.protocol.toUpperCase()} on ${portCount(s.certainOpen) === ALL_PORTS ? 'every port' : `${portCount(s.certainOpen)} of ${ALL_PORTS} ports`}`,
          family: s.family,
        })),
      );
      const rules = [
        ...new Map(failing.flatMap((s) => s.rules).map((r) => [`${r.firewallId}/${r.index}`, r])).values(),
      ];
      report.fail(
        'outbound-unrestricted',
        `CDE Droplet "${d.name}" may connect to the whole internet: ${what.join('; ')}` +
          (rules[0] === undefined
            ? '.'
            : `, allowed by firewall "${rules[0].firewallName}" outbound_rules[${rules[0].index}]${rules.length > 1 ? ` and ${rules.length - 1} other rule${rules.length > 2 ? 's' : ''}` : ''}.`),
        [
          ...rules.map((r) => ({
            observed: describeRule(r),
            expected: `outbound rules naming the needed destinations and ports; "unrestricted" here means the internet (${EXPOSURE_THRESHOLD_TEXT}) on more than half of the ports`,
            source: r.source,
          })),
          ...notes,
        ],
      );
      return;
    }
    const maybe = summaries.filter((s) => unrestricted(portCount(s.possibleOpen)));
    if (maybe.length > 0) {
      const uncertain = [
        ...new Map(
          maybe.flatMap((s) => s.uncertain).map((u) => [`${u.rule.firewallId}/${u.rule.index}`, u]),
        ).values(),
      ];
      report.unknown(
        'outbound-uncertain',
        `Not decided: whether CDE Droplet "${d.name}" may connect to the whole internet depends on outbound rules cdeguard cannot fully read.`,
        [
          ...uncertain.map((u) => ({ observed: `${describeRule(u.rule)}: ${u.why}`, source: u.rule.source })),
          ...notes,
        ],
      );
      return;
    }
    const open = summaries.filter((s) => s.certainOpen.length > 0);
    report.pass(
      'outbound-restricted',
      open.length === 0
        ? `CDE Droplet "${d.name}" cannot open TCP or UDP connections to the internet at large; outbound traffic is limited to specific destinations.`
        : `Outbound traffic from CDE Droplet "${d.name}" reaches the internet at large only on ${grouped(open.map((s) => ({ key: `${s.protocol.toUpperCase()} ${describeRanges(s.certainOpen)}`, family: s.family }))).join('; ')}; check each is needed.`,
      [
        ...(covering.every((c) => c.firewall.outbound.length === 0)
          ? [{ observed: 'no covering firewall has outbound rules: all outbound traffic is blocked' }]
          : []),
        ...covering.map((c) => ({
          observed: `outbound rules of firewall "${c.firewall.name}": ${c.firewall.outbound.length === 0 ? 'none' : c.firewall.outbound.map((r) => describeRule(ruleRef(c.firewall, r))).join('; ')}`,
          source: c.firewall.source,
        })),
        ...notes,
      ],
    );
  },
});
