// Compiled-in tables of Debian 12's OpenSSH 9.2p1 build (openssh-server 1:9.2p1-2+deb12u10): keywords, algorithm lists, enum names.
// Transcribed from servconf.c, myproposal.h, log.c, misc.c of that source package and checked against `ssh -Q` / `sshd -T`.

export const OPENSSH_PRODUCT = 'OpenSSH 9.2p1';

/** Where a keyword may appear: the main section, inside Match, or both (servconf.c SSHCFG_*). */
export const CFG_GLOBAL = 1;
export const CFG_MATCH = 2;
export const CFG_ALL = CFG_GLOBAL | CFG_MATCH;

/**
 * Opcodes: one per handler in process_server_config_line_depth(). Aliases map to the same opcode, which is
 * how sshd makes e.g. ChallengeResponseAuthentication and KbdInteractiveAuthentication share one slot.
 */
export type Opcode =
  | 'UsePAM'
  | 'Port'
  | 'HostKeyFile'
  | 'HostKeyAgent'
  | 'PidFile'
  | 'ModuliFile'
  | 'LoginGraceTime'
  | 'PermitRootLogin'
  | 'LogFacility'
  | 'LogLevel'
  | 'LogVerbose'
  | 'HostbasedAuthentication'
  | 'HostbasedUsesNameFromPacketOnly'
  | 'HostbasedAcceptedAlgorithms'
  | 'HostKeyAlgorithms'
  | 'PubkeyAuthentication'
  | 'PubkeyAcceptedAlgorithms'
  | 'PubkeyAuthOptions'
  | 'KerberosAuthentication'
  | 'KerberosOrLocalPasswd'
  | 'KerberosTicketCleanup'
  | 'GssAuthentication'
  | 'GssCleanupCreds'
  | 'GssStrictAcceptor'
  | 'GssKeyEx'
  | 'GssStoreRekey'
  | 'GssKexAlgorithms'
  | 'PasswordAuthentication'
  | 'KbdInteractiveAuthentication'
  | 'ListenAddress'
  | 'AddressFamily'
  | 'PrintMotd'
  | 'PrintLastLog'
  | 'IgnoreRhosts'
  | 'IgnoreUserKnownHosts'
  | 'X11Forwarding'
  | 'X11DisplayOffset'
  | 'X11UseLocalhost'
  | 'XAuthLocation'
  | 'StrictModes'
  | 'EmptyPasswd'
  | 'PermitUserEnvironment'
  | 'Compression'
  | 'RekeyLimit'
  | 'TCPKeepAlive'
  | 'AllowTcpForwarding'
  | 'AllowAgentForwarding'
  | 'AllowUsers'
  | 'DenyUsers'
  | 'AllowGroups'
  | 'DenyGroups'
  | 'Ciphers'
  | 'Macs'
  | 'GatewayPorts'
  | 'Subsystem'
  | 'MaxStartups'
  | 'PerSourceMaxStartups'
  | 'PerSourceNetBlockSize'
  | 'MaxAuthTries'
  | 'MaxSessions'
  | 'Banner'
  | 'UseDNS'
  | 'ClientAliveInterval'
  | 'ClientAliveCountMax'
  | 'AuthorizedKeysFile'
  | 'AcceptEnv'
  | 'SetEnv'
  | 'PermitTunnel'
  | 'PermitTTY'
  | 'PermitUserRC'
  | 'Match'
  | 'PermitOpen'
  | 'PermitListen'
  | 'ForceCommand'
  | 'ChrootDirectory'
  | 'HostCertificate'
  | 'RevokedKeys'
  | 'TrustedUserCAKeys'
  | 'AuthorizedPrincipalsFile'
  | 'KexAlgorithms'
  | 'Include'
  | 'IPQoS'
  | 'AuthorizedKeysCommand'
  | 'AuthorizedKeysCommandUser'
  | 'AuthorizedPrincipalsCommand'
  | 'AuthorizedPrincipalsCommandUser'
  | 'VersionAddendum'
  | 'AuthenticationMethods'
  | 'StreamLocalBindMask'
  | 'StreamLocalBindUnlink'
  | 'AllowStreamLocalForwarding'
  | 'FingerprintHash'
  | 'DisableForwarding'
  | 'ExposeAuthInfo'
  | 'RDomain'
  | 'CASignatureAlgorithms'
  | 'SecurityKeyProvider'
  | 'RequiredRSASize'
  | 'ChannelTimeout'
  | 'UnusedConnectionTimeout'
  | 'DebianBanner'
  | 'Deprecated'
  | 'Ignore'
  | 'Unsupported';

export type KeywordEntry = { name: string; op: Opcode; flags: number };

/** servconf.c keywords[] in table order, with this build's #ifdefs resolved (USE_PAM, KRB5, GSSAPI; no USE_AFS). */
export const KEYWORDS: readonly KeywordEntry[] = [
  ['usepam', 'UsePAM', CFG_GLOBAL],
  ['pamauthenticationviakbdint', 'Deprecated', CFG_GLOBAL],
  ['port', 'Port', CFG_GLOBAL],
  ['hostkey', 'HostKeyFile', CFG_GLOBAL],
  ['hostdsakey', 'HostKeyFile', CFG_GLOBAL],
  ['hostkeyagent', 'HostKeyAgent', CFG_GLOBAL],
  ['pidfile', 'PidFile', CFG_GLOBAL],
  ['modulifile', 'ModuliFile', CFG_GLOBAL],
  ['serverkeybits', 'Deprecated', CFG_GLOBAL],
  ['logingracetime', 'LoginGraceTime', CFG_GLOBAL],
  ['keyregenerationinterval', 'Deprecated', CFG_GLOBAL],
  ['permitrootlogin', 'PermitRootLogin', CFG_ALL],
  ['syslogfacility', 'LogFacility', CFG_GLOBAL],
  ['loglevel', 'LogLevel', CFG_ALL],
  ['logverbose', 'LogVerbose', CFG_ALL],
  ['rhostsauthentication', 'Deprecated', CFG_GLOBAL],
  ['rhostsrsaauthentication', 'Deprecated', CFG_ALL],
  ['hostbasedauthentication', 'HostbasedAuthentication', CFG_ALL],
  ['hostbasedusesnamefrompacketonly', 'HostbasedUsesNameFromPacketOnly', CFG_ALL],
  ['hostbasedacceptedalgorithms', 'HostbasedAcceptedAlgorithms', CFG_ALL],
  ['hostbasedacceptedkeytypes', 'HostbasedAcceptedAlgorithms', CFG_ALL],
  ['hostkeyalgorithms', 'HostKeyAlgorithms', CFG_GLOBAL],
  ['rsaauthentication', 'Deprecated', CFG_ALL],
  ['pubkeyauthentication', 'PubkeyAuthentication', CFG_ALL],
  ['pubkeyacceptedalgorithms', 'PubkeyAcceptedAlgorithms', CFG_ALL],
  ['pubkeyacceptedkeytypes', 'PubkeyAcceptedAlgorithms', CFG_ALL],
  ['pubkeyauthoptions', 'PubkeyAuthOptions', CFG_ALL],
  ['dsaauthentication', 'PubkeyAuthentication', CFG_GLOBAL],
  ['kerberosauthentication', 'KerberosAuthentication', CFG_ALL],
  ['kerberosorlocalpasswd', 'KerberosOrLocalPasswd', CFG_GLOBAL],
  ['kerberosticketcleanup', 'KerberosTicketCleanup', CFG_GLOBAL],
  ['kerberosgetafstoken', 'Unsupported', CFG_GLOBAL],
  ['kerberostgtpassing', 'Unsupported', CFG_GLOBAL],
  ['afstokenpassing', 'Unsupported', CFG_GLOBAL],
  ['gssapiauthentication', 'GssAuthentication', CFG_ALL],
  ['gssapicleanupcredentials', 'GssCleanupCreds', CFG_GLOBAL],
  ['gssapicleanupcreds', 'GssCleanupCreds', CFG_GLOBAL],
  ['gssapistrictacceptorcheck', 'GssStrictAcceptor', CFG_GLOBAL],
  ['gssapikeyexchange', 'GssKeyEx', CFG_GLOBAL],
  ['gssapistorecredentialsonrekey', 'GssStoreRekey', CFG_GLOBAL],
  ['gssapikexalgorithms', 'GssKexAlgorithms', CFG_GLOBAL],
  ['gssusesessionccache', 'Unsupported', CFG_GLOBAL],
  ['gssapiusesessioncredcache', 'Unsupported', CFG_GLOBAL],
  ['passwordauthentication', 'PasswordAuthentication', CFG_ALL],
  ['kbdinteractiveauthentication', 'KbdInteractiveAuthentication', CFG_ALL],
  ['challengeresponseauthentication', 'KbdInteractiveAuthentication', CFG_ALL],
  ['skeyauthentication', 'KbdInteractiveAuthentication', CFG_ALL],
  ['checkmail', 'Deprecated', CFG_GLOBAL],
  ['listenaddress', 'ListenAddress', CFG_GLOBAL],
  ['addressfamily', 'AddressFamily', CFG_GLOBAL],
  ['printmotd', 'PrintMotd', CFG_GLOBAL],
  ['printlastlog', 'PrintLastLog', CFG_GLOBAL],
  ['ignorerhosts', 'IgnoreRhosts', CFG_ALL],
  ['ignoreuserknownhosts', 'IgnoreUserKnownHosts', CFG_GLOBAL],
  ['x11forwarding', 'X11Forwarding', CFG_ALL],
  ['x11displayoffset', 'X11DisplayOffset', CFG_ALL],
  ['x11uselocalhost', 'X11UseLocalhost', CFG_ALL],
  ['xauthlocation', 'XAuthLocation', CFG_GLOBAL],
  ['strictmodes', 'StrictModes', CFG_GLOBAL],
  ['permitblacklistedkeys', 'Deprecated', CFG_GLOBAL],
  ['permitemptypasswords', 'EmptyPasswd', CFG_ALL],
  ['permituserenvironment', 'PermitUserEnvironment', CFG_GLOBAL],
  ['uselogin', 'Deprecated', CFG_GLOBAL],
  ['compression', 'Compression', CFG_GLOBAL],
  ['rekeylimit', 'RekeyLimit', CFG_ALL],
  ['tcpkeepalive', 'TCPKeepAlive', CFG_GLOBAL],
  ['keepalive', 'TCPKeepAlive', CFG_GLOBAL],
  ['allowtcpforwarding', 'AllowTcpForwarding', CFG_ALL],
  ['allowagentforwarding', 'AllowAgentForwarding', CFG_ALL],
  ['allowusers', 'AllowUsers', CFG_ALL],
  ['denyusers', 'DenyUsers', CFG_ALL],
  ['allowgroups', 'AllowGroups', CFG_ALL],
  ['denygroups', 'DenyGroups', CFG_ALL],
  ['ciphers', 'Ciphers', CFG_GLOBAL],
  ['macs', 'Macs', CFG_GLOBAL],
  ['protocol', 'Ignore', CFG_GLOBAL],
  ['gatewayports', 'GatewayPorts', CFG_ALL],
  ['subsystem', 'Subsystem', CFG_GLOBAL],
  ['maxstartups', 'MaxStartups', CFG_GLOBAL],
  ['persourcemaxstartups', 'PerSourceMaxStartups', CFG_GLOBAL],
  ['persourcenetblocksize', 'PerSourceNetBlockSize', CFG_GLOBAL],
  ['maxauthtries', 'MaxAuthTries', CFG_ALL],
  ['maxsessions', 'MaxSessions', CFG_ALL],
  ['banner', 'Banner', CFG_ALL],
  ['usedns', 'UseDNS', CFG_GLOBAL],
  ['verifyreversemapping', 'Deprecated', CFG_GLOBAL],
  ['reversemappingcheck', 'Deprecated', CFG_GLOBAL],
  ['clientaliveinterval', 'ClientAliveInterval', CFG_ALL],
  ['clientalivecountmax', 'ClientAliveCountMax', CFG_ALL],
  ['authorizedkeysfile', 'AuthorizedKeysFile', CFG_ALL],
  ['authorizedkeysfile2', 'Deprecated', CFG_ALL],
  ['useprivilegeseparation', 'Deprecated', CFG_GLOBAL],
  ['acceptenv', 'AcceptEnv', CFG_ALL],
  ['setenv', 'SetEnv', CFG_ALL],
  ['permittunnel', 'PermitTunnel', CFG_ALL],
  ['permittty', 'PermitTTY', CFG_ALL],
  ['permituserrc', 'PermitUserRC', CFG_ALL],
  ['match', 'Match', CFG_ALL],
  ['permitopen', 'PermitOpen', CFG_ALL],
  ['permitlisten', 'PermitListen', CFG_ALL],
  ['forcecommand', 'ForceCommand', CFG_ALL],
  ['chrootdirectory', 'ChrootDirectory', CFG_ALL],
  ['hostcertificate', 'HostCertificate', CFG_GLOBAL],
  ['revokedkeys', 'RevokedKeys', CFG_ALL],
  ['trustedusercakeys', 'TrustedUserCAKeys', CFG_ALL],
  ['authorizedprincipalsfile', 'AuthorizedPrincipalsFile', CFG_ALL],
  ['kexalgorithms', 'KexAlgorithms', CFG_GLOBAL],
  ['include', 'Include', CFG_ALL],
  ['ipqos', 'IPQoS', CFG_ALL],
  ['authorizedkeyscommand', 'AuthorizedKeysCommand', CFG_ALL],
  ['authorizedkeyscommanduser', 'AuthorizedKeysCommandUser', CFG_ALL],
  ['authorizedprincipalscommand', 'AuthorizedPrincipalsCommand', CFG_ALL],
  ['authorizedprincipalscommanduser', 'AuthorizedPrincipalsCommandUser', CFG_ALL],
  ['versionaddendum', 'VersionAddendum', CFG_GLOBAL],
  ['authenticationmethods', 'AuthenticationMethods', CFG_ALL],
  ['streamlocalbindmask', 'StreamLocalBindMask', CFG_ALL],
  ['streamlocalbindunlink', 'StreamLocalBindUnlink', CFG_ALL],
  ['allowstreamlocalforwarding', 'AllowStreamLocalForwarding', CFG_ALL],
  ['fingerprinthash', 'FingerprintHash', CFG_GLOBAL],
  ['disableforwarding', 'DisableForwarding', CFG_ALL],
  ['exposeauthinfo', 'ExposeAuthInfo', CFG_ALL],
  ['rdomain', 'RDomain', CFG_ALL],
  ['casignaturealgorithms', 'CASignatureAlgorithms', CFG_ALL],
  ['securitykeyprovider', 'SecurityKeyProvider', CFG_GLOBAL],
  ['requiredrsasize', 'RequiredRSASize', CFG_ALL],
  ['channeltimeout', 'ChannelTimeout', CFG_ALL],
  ['unusedconnectiontimeout', 'UnusedConnectionTimeout', CFG_ALL],
  ['debianbanner', 'DebianBanner', CFG_GLOBAL],
].map(([name, op, flags]) => ({ name: name as string, op: op as Opcode, flags: flags as number }));

/** lookup_opcode_name(): the first table name of an opcode, which is what `sshd -T` prints for it. */
export function opcodeName(op: Opcode): string {
  return KEYWORDS.find((k) => k.op === op)?.name ?? 'UNKNOWN';
}

export type Multistate = readonly (readonly [string, number])[];

// Values are only compared with each other; the numbers follow servconf.h where printing depends on them.
export const MS_FLAG: Multistate = [
  ['yes', 1],
  ['no', 0],
];
export const MS_IGNORE_RHOSTS: Multistate = [
  ['yes', 1],
  ['no', 0],
  ['shosts-only', 2],
];
export const MS_ADDRESS_FAMILY: Multistate = [
  ['inet', 2],
  ['inet6', 10],
  ['any', 0],
];
export const MS_PERMIT_ROOT_LOGIN: Multistate = [
  ['without-password', 2],
  ['prohibit-password', 2],
  ['forced-commands-only', 1],
  ['yes', 3],
  ['no', 0],
];
export const MS_COMPRESSION: Multistate = [
  ['yes', 2],
  ['delayed', 2],
  ['no', 0],
];
export const MS_GATEWAY_PORTS: Multistate = [
  ['clientspecified', 2],
  ['yes', 1],
  ['no', 0],
];
export const MS_TCPFWD: Multistate = [
  ['yes', 3],
  ['all', 3],
  ['no', 0],
  ['remote', 2],
  ['local', 1],
];

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** tunmode_desc[]; matched case-sensitively by sshd. */
export const TUNMODES: Multistate = [
  ['no', 0],
  ['point-to-point', 1],
  ['ethernet', 2],
  ['yes', 3],
];

/** log.c log_levels[]; Debian's syslog-level-silent patch adds SILENT, which is also the name printed for QUIET. */
export const LOG_LEVELS: Multistate = [
  ['SILENT', 0],
  ['QUIET', 0],
  ['FATAL', 1],
  ['ERROR', 2],
  ['INFO', 3],
  ['VERBOSE', 4],
  ['DEBUG', 5],
  ['DEBUG1', 5],
  ['DEBUG2', 6],
  ['DEBUG3', 7],
];

export const LOG_FACILITIES: Multistate = [
  ['DAEMON', 0],
  ['USER', 1],
  ['AUTH', 2],
  ['AUTHPRIV', 3],
  ['LOCAL0', 4],
  ['LOCAL1', 5],
  ['LOCAL2', 6],
  ['LOCAL3', 7],
  ['LOCAL4', 8],
  ['LOCAL5', 9],
  ['LOCAL6', 10],
  ['LOCAL7', 11],
];

/** digest-openssl.c digests[] (FingerprintHash). */
export const DIGESTS: Multistate = [
  ['MD5', 0],
  ['SHA1', 1],
  ['SHA256', 2],
  ['SHA384', 3],
  ['SHA512', 4],
];

/**
 * misc.c ipqos[]. glibc does not define IPTOS_DSCP_LE, so OpenSSH's fallback 0x04 applies: `le` equals
 * `reliability` and `sshd -T` prints `le` for both (verified with the binary).
 */
export const IPQOS: Multistate = [
  ['none', 0x7fffffff],
  ['af11', 0x28],
  ['af12', 0x30],
  ['af13', 0x38],
  ['af21', 0x48],
  ['af22', 0x50],
  ['af23', 0x58],
  ['af31', 0x68],
  ['af32', 0x70],
  ['af33', 0x78],
  ['af41', 0x88],
  ['af42', 0x90],
  ['af43', 0x98],
  ['cs0', 0x00],
  ['cs1', 0x20],
  ['cs2', 0x40],
  ['cs3', 0x60],
  ['cs4', 0x80],
  ['cs5', 0xa0],
  ['cs6', 0xc0],
  ['cs7', 0xe0],
  ['ef', 0xb8],
  ['le', 0x04],
  ['lowdelay', 0x10],
  ['throughput', 0x08],
  ['reliability', 0x04],
];

/** auth2.c authmethods[] names with the option that enables each (null: always enabled). */
export const AUTH_METHODS: readonly { name: string; enabledBy: string | null }[] = [
  { name: 'none', enabledBy: null },
  { name: 'publickey', enabledBy: 'pubkey_authentication' },
  { name: 'gssapi-keyex', enabledBy: 'gss_authentication' },
  { name: 'gssapi-with-mic', enabledBy: 'gss_authentication' },
  { name: 'password', enabledBy: 'password_authentication' },
  { name: 'keyboard-interactive', enabledBy: 'kbd_interactive_authentication' },
  { name: 'hostbased', enabledBy: 'hostbased_authentication' },
];

const list = (s: string): readonly string[] => s.split(',');

/** cipher_alg_list(',', 0) — every cipher this build knows, in table order (`ssh -Q cipher`). */
export const ALL_CIPHERS = list(
  '3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com',
);
/** mac_alg_list(',') (`ssh -Q mac`). */
export const ALL_MACS = list(
  'hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96,umac-64@openssh.com,umac-128@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,umac-128-etm@openssh.com',
);
/** kex_alg_list(',') (`ssh -Q kex`); the GSSAPI key exchanges are a separate table. */
export const ALL_KEX = list(
  'diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,curve25519-sha256@libssh.org,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com',
);
/** gss_kexalgs[] (Debian gssapi patch): names are prefixes, matched with strncmp. */
export const GSS_KEX = list(
  'gss-gex-sha1-,gss-group1-sha1-,gss-group14-sha1-,gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-',
);
/** sshkey_alg_list(0, 0, 1, ',') — every key and signature type (`ssh -Q key-sig`). */
export const ALL_KEY_TYPES = list(
  'ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com',
);
/** sshkey_alg_list(0, 1, 1, ',') — plain (non-certificate) signature types (`ssh -Q sig`). */
export const ALL_SIG_TYPES = list(
  'ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,rsa-sha2-256,rsa-sha2-512',
);

/** myproposal.h server defaults. */
export const DEFAULT_CIPHERS =
  'chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com';
export const DEFAULT_MACS =
  'umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1';
export const DEFAULT_KEX =
  'sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256';
export const DEFAULT_PK_ALGS =
  'ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256';
export const DEFAULT_CA_SIG_ALGS =
  'ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256';
export const DEFAULT_GSS_KEX =
  'gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-';

/** Default host keys (fill_default_server_options, OPENSSL_HAS_ECC, no XMSS). */
export const DEFAULT_HOST_KEYS = [
  '/etc/ssh/ssh_host_rsa_key',
  '/etc/ssh/ssh_host_ecdsa_key',
  '/etc/ssh/ssh_host_ed25519_key',
];

/** Home directory used for `~` in paths: sshd expands with getuid(), and the daemon runs as root. */
export const ROOT_HOME = '/root';
