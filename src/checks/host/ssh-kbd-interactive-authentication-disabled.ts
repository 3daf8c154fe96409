// Keyboard-interactive authentication lets PAM ask for a password even when PasswordAuthentication is off.
import { sshdFlagCheck } from './sshd-flag-check.js';

export default sshdFlagCheck({
  id: 'ssh-kbd-interactive-authentication-disabled',
  title: 'SSH keyboard-interactive authentication is disabled',
  severity: 'high',
  pci: ['8.3.1', '8.4.3'],
  rationale:
    'KbdInteractiveAuthentication (formerly ChallengeResponseAuthentication) hands the login dialogue to PAM, which on Debian and Ubuntu asks for the Unix password. With it on, "PasswordAuthentication no" does not stop password logins. OpenSSH compiles it in as yes; Debian\'s shipped sshd_config turns it off, so a replaced or emptied sshd_config quietly turns it back on.',
  remediation:
    'Set `KbdInteractiveAuthentication no` in a drop-in that sorts first (e.g. /etc/ssh/sshd_config.d/00-cdeguard.conf), unless it carries a second factor required by `AuthenticationMethods publickey,keyboard-interactive`; check with `sudo sshd -T | grep -i kbdinteractive` and reload ssh.',
  keyword: 'kbdinteractiveauthentication',
  secure: ['no'],
  failId: 'kbd-interactive-on',
  failText: (v) =>
    `sshd accepts keyboard-interactive logins (a PAM password prompt): KbdInteractiveAuthentication ${v}`,
  passText: 'KbdInteractiveAuthentication is no',
});
