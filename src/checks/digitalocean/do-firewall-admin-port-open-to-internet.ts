// Fails a Droplet whose administrative or database ports the internet can reach through (or for lack of)
// its Cloud Firewalls, over IPv4 or IPv6, whatever form the rule takes ("all ports", ranges, split CIDRs).
import { defineCheck, type Evidence } from '../kit.js';
import type { Droplet, IpFamily } from '../../model/digitalocean.js';
import {
  FAMILIES,
  coveringFirewalls,
  describeRule,
  enforcementNotes,
  inboundExposure,
  portSegments,
  type Coverage,
  type Exposure,
  type RuleRef,
} from '../../analysis/cloud-firewall.js';
import { describeSet } from '../../analysis/net/address-set.js';
import { EXPOSURE_THRESHOLD_TEXT } from '../../analysis/net/internet-exposure.js';
import { dropletAddresses, dropletRef } from './shared/droplet-scope.js';
import { firewallIndexOf } from './shared/firewall-index.js';

export type AdminPort = { protocol: 'tcp' | 'udp'; port: number; service: string };

/** Remote administration, databases, caches, search, queues and cluster control planes. */
export const ADMIN_PORTS: readonly AdminPort[] = [
  { protocol: 'tcp', port: 22, service: 'SSH' },
  { protocol: 'tcp', port: 23, service: 'Telnet' },
  { protocol: 'tcp', port: 3389, service: 'RDP' },
  { protocol: 'tcp', port: 5900, service: 'VNC' },
  { protocol: 'tcp', port: 3306, service: 'MySQL' },
  { protocol: 'tcp', port: 5432, service: 'PostgreSQL' },
  { protocol: 'tcp', port: 1433, service: 'SQL Server' },
  { protocol: 'tcp', port: 1521, service: 'Oracle' },
  { protocol: 'tcp', port: 6379, service: 'Redis' },
  { protocol: 'tcp', port: 27017, service: 'MongoDB' },
  { protocol: 'tcp', port: 27018, service: 'MongoDB shard' },
  { protocol: 'tcp', port: 27019, service: 'MongoDB config server' },
  { protocol: 'tcp', port: 9200, service: 'Elasticsearch HTTP' },
  { protocol: 'tcp', port: 9300, service: 'Elasticsearch transport' },
  { protocol: 'tcp', port: 5601, service: 'Kibana' },
  { protocol: 'tcp', port: 11211, service: 'Memcached' },
  { protocol: 'tcp', port: 2375, service: 'Docker API (plain)' },
  { protocol: 'tcp', port: 2376, service: 'Docker API (TLS)' },
  { protocol: 'tcp', port: 2379, service: 'etcd client' },
  { protocol: 'tcp', port: 2380, service: 'etcd peer' },
  { protocol: 'tcp', port: 6443, service: 'Kubernetes API' },
  { protocol: 'tcp', port: 10250, service: 'kubelet' },
  { protocol: 'tcp', port: 5984, service: 'CouchDB' },
  { protocol: 'tcp', port: 8086, service: 'InfluxDB' },
  { protocol: 'tcp', port: 9042, service: 'Cassandra' },
  { protocol: 'tcp', port: 5672, service: 'AMQP (RabbitMQ)' },
  { protocol: 'tcp', port: 15672, service: 'RabbitMQ management' },
  { protocol: 'tcp', port: 8500, service: 'Consul' },
  { protocol: 'udp', port: 11211, service: 'Memcached' },
  { protocol: 'udp', port: 161, service: 'SNMP' },
];

const portName = (p: AdminPort): string => `${p.service} (${p.protocol} ${p.port})`;
const familyName = (f: IpFamily): string => `IPv${f}`;

function listNames(items: readonly string[], limit = 6): string {
  const shown = items.slice(0, limit);
  return items.length > limit ? `${shown.join(', ')} and ${items.length - limit} more` : shown.join(', ');
}

const ruleKey = (r: RuleRef): string => `${r.firewallId}/${r.direction}/${r.index}`;

/** A port and its exposure, which it shares with the ports where the same rules match (see `hits`). */
type Hit = { port: AdminPort; exposure: Exposure };

/** Covering firewalls whose rules may not be what is enforced: the same for every port of the Droplet. */
function notesOf(covering: readonly Coverage[]): Evidence[] {
  return [...new Set(enforcementNotes(covering))].map((n) => ({ observed: `Not yet enforced: ${n}` }));
}

export default defineCheck<Droplet>({
  id: 'do-firewall-admin-port-open-to-internet',
  title: 'Administrative and database ports are not reachable from the internet',
  severity: 'critical',
  pci: ['1.3.1', '1.4.2', '1.4.4', '2.2.7'],
  rationale:
    'SSH, RDP, database, cache, search and cluster-control ports are the first things attackers scan for, and they are where stolen or guessed credentials and unpatched services turn into full control of a system. PCI DSS requires inbound traffic from untrusted networks to be limited to what the business needs and system components that store cardholder data not to be directly reachable from the internet; administrative access must go through encrypted, restricted paths. A Cloud Firewall rule that admits the whole internet to such a port (0.0.0.0/0, ::/0, any union of blocks that amounts to the internet, or an "all ports" rule) defeats that, over IPv6 just as over IPv4.',
  remediation: [
    'Remove the world-open rule and allow the port only from a bastion, a VPN, your office addresses or the VPC:',
    '',
    '  doctl compute firewall remove-rules <firewall-id> --inbound-rules "protocol:tcp,ports:22,address:0.0.0.0/0,address:::/0"',
    '  doctl compute firewall add-rules <firewall-id> --inbound-rules "protocol:tcp,ports:22,tag:bastion protocol:tcp,ports:22,address:198.51.100.7/32"',
    '',
    'For an "all ports" rule (ports "0" / "all"), replace it with the ports the service really offers, e.g. 443. Terraform:',
    '',
    '  inbound_rule {',
    '    protocol         = "tcp"',
    '    port_range       = "22"',
    '    source_tags      = ["bastion"]          # or source_addresses = ["198.51.100.7/32"]',
    '  }',
    '  inbound_rule {',
    '    protocol         = "tcp"',
    '    port_range       = "5432"',
    '    source_addresses = ["10.116.0.0/20"]    # the VPC range, never 0.0.0.0/0 or ::/0',
    '  }',
    '',
    'A Droplet without any Cloud Firewall needs one first (see do-droplet-without-cloud-firewall).',
  ].join('\n'),
  appliesTo: (env) => (env.droplets.known ? env.droplets.value : env.droplets),
  describe: dropletRef,
  evaluate(d, env, report) {
    if (!env.firewalls.known) {
      report.unknown(
        'firewalls-not-collected',
        `Not tested: Cloud Firewalls were not read (${env.firewalls.detail}), so it is unknown which ports of Droplet "${d.name}" the internet can reach.`,
        [
          {
            observed: env.firewalls.detail,
            ...(env.firewalls.source ? { source: env.firewalls.source } : {}),
          },
        ],
      );
      return;
    }
    const families = FAMILIES.filter((f) => (f === 4 ? d.publicIpv4.length > 0 : d.ipv6.length > 0));
    if (families.length === 0) {
      report.pass(
        'no-public-address',
        `Droplet "${d.name}" has no public IPv4 or IPv6 address, so the internet cannot reach its ports directly.`,
        [
          {
            observed: `Droplet ${d.id} "${d.name}": ${dropletAddresses(d)}`,
            expected: 'no public address, or administrative ports closed to the internet',
            source: d.source,
          },
        ],
      );
      return;
    }
    const index = firewallIndexOf(env);
    const covering = coveringFirewalls(d, index);
    if (covering.length === 0) {
      const addresses = [...d.publicIpv4, ...d.ipv6].join(', ');
      report.fail(
        'unfiltered-public-droplet',
        `Droplet "${d.name}" has public address${d.publicIpv4.length + d.ipv6.length > 1 ? 'es' : ''} ${addresses} and no Cloud Firewall, so every administrative and database port (SSH, RDP, MySQL, PostgreSQL, Redis, ...) is reachable from the internet unless its host firewall blocks it.`,
        [
          {
            observed: `Droplet ${d.id} "${d.name}" (${dropletAddresses(d)}): no Cloud Firewall lists its id or shares its tags [${d.tags.join(', ')}]`,
            expected: 'a Cloud Firewall that admits administrative ports only from trusted addresses',
            source: d.source,
          },
          {
            observed:
              'DigitalOcean itself blocks inbound Memcached (11211) from outside its network; every other administrative port is open at the cloud layer.',
          },
        ],
      );
      return;
    }

    // On a stretch of ports where the same rules match, every port has the same exposure: judge one port
    // per stretch and family (`exposureFor` gives the exact one of a port when its explanation is cited).
    const stretches = {
      tcp: portSegments(covering, 'inbound', 'tcp'),
      udp: portSegments(covering, 'inbound', 'udp'),
    };
    const judged = new Map<string, Exposure>();
    const exposureFor = (port: AdminPort, f: IpFamily): Exposure =>
      inboundExposure(d, index, port.protocol, port.port, f);
    const hits: Hit[] = ADMIN_PORTS.flatMap((port) =>
      families.map((f) => {
        const stretch = stretches[port.protocol].find((r) => r.from <= port.port && port.port <= r.to);
        const key = `${port.protocol}/${stretch?.from ?? port.port}/${f}`;
        let exposure = judged.get(key);
        if (exposure === undefined) {
          exposure = exposureFor(port, f);
          judged.set(key, exposure);
        }
        return { port, exposure };
      }),
    );
    const notes = notesOf(covering);
    const exposed = hits.filter((h) => h.exposure.verdict === 'exposed');
    if (exposed.length > 0) {
      // One evidence entry per rule that lets the internet in, listing the ports it opens.
      const byRule = new Map<string, { rule: RuleRef; ports: Map<string, IpFamily[]> }>();
      for (const h of exposed) {
        for (const c of h.exposure.via) {
          const k = ruleKey(c.rule);
          const entry = byRule.get(k) ?? { rule: c.rule, ports: new Map<string, IpFamily[]>() };
          const name = portName(h.port);
          entry.ports.set(name, [...(entry.ports.get(name) ?? []), h.exposure.family]);
          byRule.set(k, entry);
        }
      }
      const names = [...new Set(exposed.map((h) => portName(h.port)))];
      const fams = [...new Set(exposed.map((h) => familyName(h.exposure.family)))];
      const rules = [...byRule.values()];
      const evidence: Evidence[] = rules.map((r) => ({
        observed: `${describeRule(r.rule)} lets the internet reach ${listNames(
          [...r.ports].map(([name, fams]) => `${name} over ${fams.map(familyName).join(' and ')}`),
          10,
        )} (Droplet "${d.name}": ${dropletAddresses(d)})`,
        expected: `administrative and database ports open only to specific trusted sources, not to "the internet" (${EXPOSURE_THRESHOLD_TEXT})`,
        source: r.rule.source,
      }));
      // Exposure made of several rules (0.0.0.0/1 + 128.0.0.0/1) has no single culprit: say so.
      for (const h of exposed.filter((x) => x.exposure.via.length > 1).slice(0, 1))
        evidence.push({ observed: exposureFor(h.port, h.exposure.family).explanation });
      evidence.push(...notes);
      const culprit = rules[0]?.rule;
      report.fail(
        'admin-port-open-to-internet',
        `${names.length > 6 ? `${names.length} administrative and database ports (${listNames(names, 4)})` : listNames(names)} on Droplet "${d.name}" ${names.length > 1 ? 'are' : 'is'} open to the internet over ${fams.join(' and ')}` +
          (culprit === undefined
            ? '.'
            : `, allowed by firewall "${culprit.firewallName}" rule ${culprit.direction}_rules[${culprit.index}]${rules.length > 1 ? ` and ${rules.length - 1} other rule${rules.length > 2 ? 's' : ''}` : ''}.`),
        evidence,
      );
      return;
    }
    const unknown = hits.filter((h) => h.exposure.verdict === 'unknown');
    if (unknown.length > 0) {
      const uncertainRules = new Map<string, string>();
      for (const h of unknown)
        for (const u of h.exposure.uncertain)
          uncertainRules.set(ruleKey(u.rule), `${describeRule(u.rule)}: ${u.why}`);
      report.unknown(
        'admin-port-exposure-unknown',
        `Not decided: whether the internet can reach ${listNames([...new Set(unknown.map((h) => portName(h.port)))])} on Droplet "${d.name}" depends on firewall rules cdeguard cannot fully read.`,
        [
          ...[...uncertainRules.values()].map((o) => ({
            observed: o,
            expected: 'rules with action allow/deny, protocol tcp/udp/icmp, readable ports and addresses',
          })),
          ...notes,
        ],
      );
      return;
    }
    const viaLb = hits.filter((h) => h.exposure.loadBalancerUids.length > 0);
    if (viaLb.length > 0) {
      const lbs = [...new Set(viaLb.flatMap((h) => h.exposure.loadBalancerUids))];
      report.unknown(
        'admin-port-via-load-balancer',
        `Not decided: ${listNames([...new Set(viaLb.map((h) => portName(h.port)))])} on Droplet "${d.name}" accept traffic from load balancer${lbs.length > 1 ? 's' : ''} ${lbs.join(', ')}; whether those forward internet traffic to these ports depends on their forwarding rules, which this check does not read.`,
        [
          ...lbs.map((lb) => ({
            observed: `inbound rule source: load balancer ${lb}`,
            expected:
              'administrative ports reachable only from trusted sources, not through a public load balancer',
          })),
          ...notes,
        ],
      );
      return;
    }
    const restricted = hits.filter((h) => h.exposure.verdict === 'restricted-public');
    if (restricted.length > 0) {
      report.pass(
        'admin-port-restricted-public',
        `No administrative port of Droplet "${d.name}" is open to the internet, but ${listNames([...new Set(restricted.map((h) => portName(h.port)))])} accept${restricted.length === 1 ? 's' : ''} connections from specific public addresses; record the business need for each (PCI DSS 1.2.5).`,
        [
          ...restricted.map((h) => ({
            observed: `${portName(h.port)} over ${familyName(h.exposure.family)}: allowed from ${describeSet(h.exposure.publicAllowed)} by ${h.exposure.via.map((c) => describeRule(c.rule)).join('; ')}`,
            expected: 'a documented business need for each public source',
            ...(h.exposure.via[0] ? { source: h.exposure.via[0].rule.source } : {}),
          })),
          ...notes,
        ],
      );
      return;
    }
    report.pass(
      'admin-ports-not-exposed',
      `No administrative or database port of Droplet "${d.name}" is reachable from the internet through its Cloud Firewalls (${families.map(familyName).join(' and ')} checked).`,
      [
        {
          observed: `checked ${ADMIN_PORTS.length} ports (${ADMIN_PORTS.map((p) => `${p.protocol}/${p.port}`).join(', ')}) on ${dropletAddresses(d)}: none admits public sources`,
          source: d.source,
        },
        ...notes,
      ],
    );
  },
});
