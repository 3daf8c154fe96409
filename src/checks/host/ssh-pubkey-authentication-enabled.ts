// Key-only SSH needs public-key authentication on; with it off and passwords off, nobody can log in
// over SSH, and the usual fix under pressure is to turn passwords back on.
import { sshdFlagCheck } from './sshd-flag-check.js';

export default sshdFlagCheck({
  id: 'ssh-pubkey-authentication-enabled',
  title: 'SSH public-key authentication is enabled',
  severity: 'medium',
  pci: ['8.3.1'],
  rationale:
    'Administrators should authenticate with keys, which never cross the network and cannot be guessed. PubkeyAuthentication is on by default; a configuration that turns it off forces password or keyboard-interactive logins.',
  remediation:
    "Set `PubkeyAuthentication yes` (or remove the line that turns it off), install each administrator's key in their own ~/.ssh/authorized_keys, check with `sudo sshd -T | grep -i pubkeyauthentication` and reload ssh.",
  keyword: 'pubkeyauthentication',
  secure: ['yes'],
  failId: 'pubkey-auth-off',
  failText: (v) => `public-key authentication is off: PubkeyAuthentication ${v}`,
  passText: 'PubkeyAuthentication is yes',
});
