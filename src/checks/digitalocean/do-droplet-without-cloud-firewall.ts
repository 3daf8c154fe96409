// Fails a Droplet that no Cloud Firewall covers, by id or by tag: the cloud layer then filters nothing.
import { defineCheck, type Evidence } from '../kit.js';
import type { Droplet } from '../../model/digitalocean.js';
import { coveringFirewalls, describeCoverage, enforcementNotes } from '../../analysis/cloud-firewall.js';
import { dropletAddresses, dropletRef } from './shared/droplet-scope.js';
import { firewallIndexOf } from './shared/firewall-index.js';

export default defineCheck<Droplet>({
  id: 'do-droplet-without-cloud-firewall',
  title: 'Every Droplet is protected by a DigitalOcean Cloud Firewall',
  severity: 'high',
  pci: ['1.4.1', '1.3.1'],
  rationale:
    "PCI DSS requires network security controls between trusted and untrusted networks and around the cardholder data environment. On DigitalOcean a Cloud Firewall is opt-in: a Droplet that no firewall lists by id, and that carries none of any firewall's tags, receives every packet the internet and the VPC send it, and only its own host firewall (which an administrator or a package can switch off) stands in the way. A firewall outside the Droplet also keeps filtering when the Droplet itself is compromised.",
  remediation: [
    'Apply a Cloud Firewall to the Droplet, preferably by tag so that every new Droplet with the same role is covered from its first boot:',
    '',
    '  doctl compute firewall create --name web-fw --tag-names web \\',
    '    --inbound-rules "protocol:tcp,ports:443,address:0.0.0.0/0,address:::/0 protocol:tcp,ports:22,tag:bastion" \\',
    '    --outbound-rules "protocol:tcp,ports:443,address:0.0.0.0/0,address:::/0 protocol:udp,ports:53,address:0.0.0.0/0,address:::/0"',
    '  doctl compute tag create web',
    '  doctl compute droplet tag <droplet-id> --tag-name web',
    '  # or attach an existing firewall directly:',
    '  doctl compute firewall add-droplets <firewall-id> --droplet-ids <droplet-id>',
    '',
    'Terraform:',
    '',
    '  resource "digitalocean_firewall" "web" {',
    '    name = "web-fw"',
    '    tags = ["web"]',
    '    inbound_rule {',
    '      protocol         = "tcp"',
    '      port_range       = "443"',
    '      source_addresses = ["0.0.0.0/0", "::/0"]',
    '    }',
    '    inbound_rule {',
    '      protocol    = "tcp"',
    '      port_range  = "22"',
    '      source_tags = ["bastion"]',
    '    }',
    '    outbound_rule {',
    '      protocol              = "tcp"',
    '      port_range            = "443"',
    '      destination_addresses = ["0.0.0.0/0", "::/0"]',
    '    }',
    '  }',
  ].join('\n'),
  appliesTo: (env) => (env.droplets.known ? env.droplets.value : env.droplets),
  describe: dropletRef,
  evaluate(d, env, report) {
    if (!env.firewalls.known) {
      report.unknown(
        'firewalls-not-collected',
        `Not tested: Cloud Firewalls were not read (${env.firewalls.detail}), so it is unknown whether any protects Droplet "${d.name}".`,
        [
          {
            observed: env.firewalls.detail,
            ...(env.firewalls.source ? { source: env.firewalls.source } : {}),
          },
        ],
      );
      return;
    }
    const firewalls = env.firewalls.value;
    const covering = coveringFirewalls(d, firewallIndexOf(env));
    if (covering.length === 0) {
      const tags =
        d.tags.length === 0
          ? 'it has no tags'
          : `none of the ${firewalls.length} firewalls carries its tag${d.tags.length > 1 ? 's' : ''} ${d.tags.map((t) => `"${t}"`).join(', ')}`;
      report.fail(
        'no-cloud-firewall',
        `Droplet "${d.name}" has no Cloud Firewall: no firewall lists its id ${d.id} and ${tags}. DigitalOcean filters nothing in front of it; only its host firewall stands between it and the network.`,
        [
          {
            observed: `Droplet ${d.id} "${d.name}" (${dropletAddresses(d)}), tags [${d.tags.join(', ')}]; ${firewalls.length} Cloud Firewall(s) read, none applies to it`,
            expected: 'at least one Cloud Firewall applied by Droplet id or by a tag the Droplet carries',
            source: d.source,
          },
          {
            observed:
              "A firewall's droplet_ids and tags are only returned to a token with the droplet:read and tag:read scopes; if the token lacked them, check the assignment in the control panel.",
          },
        ],
      );
      return;
    }
    const evidence: Evidence[] = covering.map((c) => ({
      observed: describeCoverage(c),
      source: c.firewall.source,
    }));
    for (const note of enforcementNotes(covering)) evidence.push({ observed: note });
    report.pass(
      'covered',
      `Droplet "${d.name}" is protected by ${covering.length === 1 ? 'a Cloud Firewall' : `${covering.length} Cloud Firewalls`}: ${covering.map(describeCoverage).join('; ')}.`,
      evidence,
    );
  },
});
