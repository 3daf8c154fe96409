// A host firewall is the second layer behind the cloud firewall, and the only one that sees VPC
// neighbours when the cloud firewall admits the whole VPC range.
import type { HostTarget } from '../../model/environment.js';
import { defineCheck } from '../kit.js';
import { describeHost } from './sshd-effective.js';
import { ufwState } from './ufw-state.js';

export default defineCheck<HostTarget>({
  id: 'host-ufw-enabled',
  title: 'The host firewall (ufw) is enabled and enforcing',
  severity: 'high',
  pci: ['1.4.1', '1.5.1'],
  rationale:
    "DigitalOcean Cloud Firewalls filter traffic before it reaches a droplet, but they are opt-in, easy to detach, and admit whatever the VPC range is allowed. A host firewall keeps a droplet protected when the cloud layer is missing or too broad. Debian's ufw package ships with ENABLED=no; rules written to user.rules do nothing until ufw is enabled and loaded.",
  remediation:
    'Allow what the host must serve first (e.g. `sudo ufw allow from 10.116.0.0/20 to any port 22 proto tcp`), then `sudo ufw enable`; confirm with `sudo ufw status verbose` and `sudo iptables-save | grep ufw-before-input`.',
  appliesTo: (env) => env.hosts,
  describe: describeHost,
  evaluate(t, _env, report) {
    const s = ufwState(t);
    switch (s.state) {
      case 'unknown':
        report.unknown(s.messageId, `Not tested: ${s.detail}.`, s.evidence);
        return;
      case 'disabled':
        report.fail('ufw-disabled', `${s.detail}: rules in user.rules are not applied.`, s.evidence);
        return;
      case 'not-loaded':
        report.fail('ufw-not-loaded', `${s.detail}: the host is not filtering.`, s.evidence);
        return;
      case 'enforcing':
        report.pass('ufw-enforcing', `${s.detail}.`, s.evidence);
    }
  },
});
