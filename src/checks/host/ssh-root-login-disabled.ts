// Direct root login over SSH hides who did what: administrators log in as themselves and escalate.
import { sshdFlagCheck } from './sshd-flag-check.js';

export default sshdFlagCheck({
  id: 'ssh-root-login-disabled',
  title: 'SSH login as root is disabled',
  severity: 'high',
  pci: ['8.2.1', '8.2.2'],
  rationale:
    'PCI DSS wants every action traced to one person. A root login over SSH is a shared account: the logs show "root", not who held the key. OpenSSH\'s default, prohibit-password (printed by sshd -T as without-password), still lets root in with a key.',
  remediation:
    'Give each administrator a named account with sudo, then set `PermitRootLogin no` in a drop-in that sorts first (e.g. /etc/ssh/sshd_config.d/00-cdeguard.conf); check with `sudo sshd -T | grep -i permitrootlogin` and reload ssh.',
  keyword: 'permitrootlogin',
  secure: ['no'],
  failId: 'root-login-allowed',
  failText: (v) => `root may log in over SSH: PermitRootLogin ${v}`,
  passText: 'PermitRootLogin is no',
});
