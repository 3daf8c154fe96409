// sshd must not accept passwords: keys cannot be guessed or phished the way passwords are.
import { sshdFlagCheck } from './sshd-flag-check.js';

export default sshdFlagCheck({
  id: 'ssh-password-authentication-disabled',
  title: 'SSH password authentication is disabled',
  severity: 'high',
  pci: ['8.3.1', '8.4.3'],
  rationale:
    'With PasswordAuthentication on, anyone on the internet can try passwords against every account, and a reused or leaked password opens the server. Key-only SSH removes that path. On DigitalOcean images cloud-init writes /etc/ssh/sshd_config.d/50-cloud-init.conf, which sorts before most hardening drop-ins and wins because sshd keeps the first value it reads.',
  remediation:
    'Set `PasswordAuthentication no` in a drop-in that sorts first (e.g. /etc/ssh/sshd_config.d/00-cdeguard.conf), or edit 50-cloud-init.conf, then check with `sudo sshd -T | grep -i passwordauthentication` and reload: `sudo systemctl reload ssh`.',
  keyword: 'passwordauthentication',
  secure: ['no'],
  failId: 'password-auth-on',
  failText: (v) => `sshd accepts passwords: PasswordAuthentication ${v}`,
  passText: 'PasswordAuthentication is no',
});
