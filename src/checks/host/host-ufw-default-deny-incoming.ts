// Inbound default deny: only traffic a rule names gets in.
import { ufwDefaultPolicyCheck } from './ufw-default-policy-check.js';

export default ufwDefaultPolicyCheck({
  id: 'host-ufw-default-deny-incoming',
  title: 'ufw denies incoming traffic by default',
  pci: ['1.3.1', '1.4.2'],
  rationale:
    'A firewall that admits everything it has no rule for protects nothing new: every service someone starts later is reachable at once. PCI DSS wants only needed traffic let in and the rest blocked.',
  remediation:
    'Run `sudo ufw default deny incoming` (writes DEFAULT_INPUT_POLICY="DROP" to /etc/default/ufw), then `sudo ufw reload`.',
  direction: 'incoming',
  pick: (c) => c.defaults.input,
  key: 'DEFAULT_INPUT_POLICY',
  cdeOnly: false,
});
