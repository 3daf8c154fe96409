// Table tests for the sshd checks. Host targets are built from real config text through the same
// parser the scan uses; expected verdicts follow from sshd's rules (and known traps SSH-1..SSH-9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostParts } from '../../analysis/environment.js';
import { makeEnv, hostFrom, droplet } from '../../../test/helpers/env.js';
import { checkTable } from '../../../test/helpers/check-tester.js';
import { corpus } from '../../../test/helpers/paths.js';
import type { Environment } from '../../model/environment.js';
import passwordCheck from './ssh-password-authentication-disabled.js';
import rootCheck from './ssh-root-login-disabled.js';
import kbdCheck from './ssh-kbd-interactive-authentication-disabled.js';
import pubkeyCheck from './ssh-pubkey-authentication-enabled.js';

const debianMain = readFileSync(join(corpus, 'debian12/openssh-server/etc/ssh/sshd_config'), 'utf8');

/** One host named `h` with these files (and optional command outputs). */
function envWith(files: Record<string, string>, commands: Record<string, string> = {}): Environment {
  const host = hostFrom('h', files, commands);
  return makeEnv({ hosts: [{ name: 'h', host, ...hostParts(host, []) }] });
}

const noHostBundle = makeEnv({
  hosts: [{ name: 'd', droplet: droplet({ id: 1, name: 'd' }), ...hostParts(undefined, []) }],
});

checkTable(passwordCheck, [
  {
    name: 'SSH-3: the cloud-init drop-in sorts first and wins over a later no',
    env: envWith({
      '/etc/ssh/sshd_config': `${debianMain}\nPasswordAuthentication no\n`,
      '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
      '/etc/ssh/sshd_config.d/50-open-hardening.conf': 'PasswordAuthentication no\n',
    }),
    status: 'fail',
    messageId: 'password-auth-on',
    messageIncludes: '50-cloud-init.conf:1',
  },
  {
    name: 'SSH-1: first value wins inside one file (yes before no)',
    env: envWith({ '/etc/ssh/sshd_config': 'PasswordAuthentication yes\nPasswordAuthentication no\n' }),
    status: 'fail',
    messageId: 'password-auth-on',
  },
  {
    name: 'compiled-in default (yes) when nothing sets it',
    env: envWith({ '/etc/ssh/sshd_config': debianMain }),
    status: 'fail',
    messageId: 'password-auth-on',
    messageIncludes: 'default',
  },
  {
    name: 'SSH-4: set only in a drop-in',
    env: envWith({
      '/etc/ssh/sshd_config': debianMain,
      '/etc/ssh/sshd_config.d/60-keys-only.conf': 'PasswordAuthentication no\n',
    }),
    status: 'pass',
    messageId: 'passwordauthentication-secure',
  },
  {
    name: 'SSH-9: keyword case and = separator',
    env: envWith({ '/etc/ssh/sshd_config': 'passwordauthentication=no\n' }),
    status: 'pass',
    messageId: 'passwordauthentication-secure',
  },
  {
    name: 'a Match block that turns passwords back on fails for those connections',
    env: envWith({
      '/etc/ssh/sshd_config': 'PasswordAuthentication no\nMatch User deploy\n  PasswordAuthentication yes\n',
    }),
    status: 'fail',
    messageId: 'password-auth-on-in-match',
    messageIncludes: 'Match User deploy',
  },
  {
    name: 'a second Match block turning passwords on is not hidden by a first one turning them off',
    env: envWith({
      '/etc/ssh/sshd_config':
        'PasswordAuthentication no\nMatch User alice\n  PasswordAuthentication no\nMatch User bob\n  PasswordAuthentication yes\n',
    }),
    status: 'fail',
    messageId: 'password-auth-on-in-match',
    messageIncludes: 'Match User bob',
  },
  {
    name: 'SSH-6: the same secure value globally and in a Match block',
    env: envWith({
      '/etc/ssh/sshd_config':
        'PasswordAuthentication no\nMatch Group sftponly\n  PasswordAuthentication no\n',
    }),
    status: 'pass',
    messageId: 'passwordauthentication-secure',
  },
  {
    name: "an sshd -T dump is the daemon's own answer and wins over stale files",
    env: envWith(
      { '/etc/ssh/sshd_config': 'PasswordAuthentication no\n' },
      { 'sshd-T': 'port 22\npasswordauthentication yes\n' },
    ),
    status: 'fail',
    messageId: 'password-auth-on',
  },
  {
    name: 'SSH-10: a CamelCase sshd -T dump is read the same',
    env: envWith({}, { 'sshd-T': 'Port 22\nPasswordAuthentication\tno\n' }),
    status: 'pass',
    messageId: 'passwordauthentication-secure',
  },
  {
    name: 'SSH-10: a dump without the keyword is not tested, never the default',
    env: envWith({ '/etc/ssh/sshd_config': 'PasswordAuthentication no\n' }, { 'sshd-T': 'port 22\n' }),
    status: 'unknown',
    messageId: 'sshd-config-unknown',
  },
  {
    name: 'no host bundle: not tested',
    env: noHostBundle,
    status: 'unknown',
    messageId: 'sshd-config-unknown',
  },
  {
    name: 'a configuration sshd would reject: not tested, with file and line',
    env: envWith({ '/etc/ssh/sshd_config': 'PasswordAuthentication no\nFrobnicate yes\n' }),
    status: 'unknown',
    messageId: 'sshd-config-unknown',
    messageIncludes: 'sshd_config:2',
  },
]);

checkTable(rootCheck, [
  {
    name: 'SSH-2: a duplicate appended by the image loses to the first value',
    env: envWith({
      '/etc/ssh/sshd_config': 'PermitRootLogin no\nPasswordAuthentication no\nPermitRootLogin yes\n',
    }),
    status: 'pass',
    messageId: 'permitrootlogin-secure',
  },
  {
    name: 'SSH-8: a comment never sets a value',
    env: envWith({ '/etc/ssh/sshd_config': '#PermitRootLogin no\n' }),
    status: 'fail',
    messageId: 'root-login-allowed',
    messageIncludes: 'without-password',
  },
  {
    name: 'prohibit-password still lets root in with a key',
    env: envWith({ '/etc/ssh/sshd_config': 'PermitRootLogin prohibit-password\n' }),
    status: 'fail',
    messageId: 'root-login-allowed',
  },
  { name: 'no host bundle', env: noHostBundle, status: 'unknown', messageId: 'sshd-config-unknown' },
]);

checkTable(kbdCheck, [
  {
    name: "Debian's shipped file turns it off",
    env: envWith({ '/etc/ssh/sshd_config': debianMain }),
    status: 'pass',
    messageId: 'kbdinteractiveauthentication-secure',
  },
  {
    name: 'an empty sshd_config leaves the compiled-in yes',
    env: envWith({ '/etc/ssh/sshd_config': '' }),
    status: 'fail',
    messageId: 'kbd-interactive-on',
  },
  {
    name: 'the old alias ChallengeResponseAuthentication, seen first, wins',
    env: envWith({
      '/etc/ssh/sshd_config': 'ChallengeResponseAuthentication yes\nKbdInteractiveAuthentication no\n',
    }),
    status: 'fail',
    messageId: 'kbd-interactive-on',
  },
  { name: 'no host bundle', env: noHostBundle, status: 'unknown', messageId: 'sshd-config-unknown' },
]);

checkTable(pubkeyCheck, [
  {
    name: 'default on',
    env: envWith({ '/etc/ssh/sshd_config': debianMain }),
    status: 'pass',
    messageId: 'pubkeyauthentication-secure',
  },
  {
    name: 'turned off',
    env: envWith({ '/etc/ssh/sshd_config': 'PubkeyAuthentication no\n' }),
    status: 'fail',
    messageId: 'pubkey-auth-off',
  },
  { name: 'no host bundle', env: noHostBundle, status: 'unknown', messageId: 'sshd-config-unknown' },
]);
