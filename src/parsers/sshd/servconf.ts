// Re-implementation of OpenSSH 9.2p1's servconf.c (Debian 1:9.2p1-2+deb12u10): the option state, one-line
// processing, Include/Match handling, compiled defaults, Match re-processing and the `sshd -T` dump order.
// It follows the C control flow closely on purpose: sshd's quirks (last-wins keywords, lines that are parsed
// but ignored, errors that only count at end of file) are what an auditor has to reproduce.
import type { FileTree } from '../file-tree.js';
import { addrMatchList, addrPton, formatAddr } from './addr.js';
import { userGroupNames, type HostDb } from './host-db.js';
import {
  a2port,
  argvSplit,
  asciiLower,
  atoiErr,
  cleanhostname,
  convtime,
  hpdelim,
  INT_MAX,
  matchPatternList,
  scanInts,
  scanScaled,
  strdelim,
  strspn,
  strtolWhole,
  WHITESPACE,
} from './libc.js';
import * as T from './openssh-9-2p1.js';

/** A config line: the file, the 1-based line number and the Match block it sits in (`file:line` of the Match). */
export type Loc = { file: string; line: number; block: string | null };

const INT_FIELDS = [
  'use_pam',
  'address_family',
  'login_grace_time',
  'permit_root_login',
  'ignore_rhosts',
  'ignore_user_known_hosts',
  'print_motd',
  'print_lastlog',
  'x11_forwarding',
  'x11_display_offset',
  'x11_use_localhost',
  'permit_tty',
  'permit_user_rc',
  'strict_modes',
  'tcp_keep_alive',
  'log_facility',
  'log_level',
  'hostbased_authentication',
  'hostbased_uses_name_from_packet_only',
  'pubkey_authentication',
  'pubkey_auth_options',
  'kerberos_authentication',
  'kerberos_or_local_passwd',
  'kerberos_ticket_cleanup',
  'gss_authentication',
  'gss_keyex',
  'gss_cleanup_creds',
  'gss_strict_acceptor',
  'gss_store_rekey',
  'password_authentication',
  'kbd_interactive_authentication',
  'permit_empty_passwd',
  'permit_user_env',
  'compression',
  'rekey_interval',
  'allow_tcp_forwarding',
  'allow_streamlocal_forwarding',
  'allow_agent_forwarding',
  'gateway_ports',
  'streamlocal_bind_mask',
  'streamlocal_bind_unlink',
  'max_startups_begin',
  'max_startups_rate',
  'max_startups',
  'per_source_max_startups',
  'per_source_masklen_ipv4',
  'per_source_masklen_ipv6',
  'max_authtries',
  'max_sessions',
  'use_dns',
  'client_alive_interval',
  'client_alive_count_max',
  'permit_tun',
  'ip_qos_interactive',
  'ip_qos_bulk',
  'fingerprint_hash',
  'disable_forwarding',
  'expose_userauth_info',
  'required_rsa_size',
  'unused_connection_timeout',
  'debian_banner',
] as const;
const STR_FIELDS = [
  'host_key_agent',
  'pid_file',
  'moduli_file',
  'xauth_location',
  'hostbased_accepted_algos',
  'hostkeyalgorithms',
  'pubkey_accepted_algos',
  'gss_kex_algorithms',
  'permit_user_env_allowlist',
  'ciphers',
  'macs',
  'kex_algorithms',
  'ca_sign_algorithms',
  'banner',
  'adm_forced_command',
  'chroot_directory',
  'authorized_keys_command',
  'authorized_keys_command_user',
  'revoked_keys_file',
  'sk_provider',
  'trusted_user_ca_keys',
  'authorized_principals_file',
  'authorized_principals_command',
  'authorized_principals_command_user',
  'version_addendum',
  'routing_domain',
] as const;
const ARR_FIELDS = [
  'ports',
  'host_key_files',
  'host_cert_files',
  'log_verbose',
  'allow_users',
  'deny_users',
  'allow_groups',
  'deny_groups',
  'authorized_keys_files',
  'accept_env',
  'setenv',
  'permitted_opens',
  'permitted_listens',
  'channel_timeouts',
  'auth_methods',
  'subsystems',
  'subsystem_names',
  'listen_addrs',
] as const;

type IntField = (typeof INT_FIELDS)[number];
type StrField = (typeof STR_FIELDS)[number];
export type ArrField = (typeof ARR_FIELDS)[number];
export { ARR_FIELDS };

/** ServerOptions: -1 / null / [] mean "not set", exactly like the C struct after initialize_server_options(). */
export type Options = {
  i: Record<IntField, number>;
  s: Record<StrField, string | null>;
  /** Arrays hold printed strings; subsystems are "name args", ports decimal, listen_addrs "addr:port". */
  a: Record<ArrField, string[]>;
  rekeyLimit: bigint;
  /** Whether listen_addrs was ever filled (C: listen_addrs != NULL). */
  listenSet: boolean;
  queued: { addr: string; port: number; at: Loc }[];
  /** Where each scalar field was set. */
  at: Map<string, Loc>;
  /** Where each array element came from (parallel to `a`). */
  arrAt: Map<ArrField, (Loc | null)[]>;
  /** When set, every change to these options records how to revert it (see journaledOptions()). */
  journal?: Journal;
};

/** An undo log: revert changes by running the entries from the end back to a mark. */
export type Journal = (() => void)[];

/** Reverts every change recorded after `mark`. */
export function undoTo(journal: Journal, mark: number): void {
  while (journal.length > mark) (journal.pop() as () => void)();
}

class JournalMap<K, V> extends Map<K, V> {
  journal: Journal | null = null;
  override set(k: K, v: V): this {
    const j = this.journal;
    if (j !== null) {
      const had = super.has(k);
      const old = super.get(k);
      j.push(() => {
        if (had) super.set(k, old as V);
        else super.delete(k);
      });
    }
    return super.set(k, v);
  }
  override delete(k: K): boolean {
    const j = this.journal;
    if (j !== null && super.has(k)) {
      const old = super.get(k) as V;
      j.push(() => {
        super.set(k, old);
      });
    }
    return super.delete(k);
  }
}

/**
 * Fresh (initialised) options whose every change is recorded in `journal`, so it can be undone. `raw` is the
 * same data without the recording (fast reads; never write through it).
 */
export function journaledOptions(journal: Journal): { options: Options; raw: Options } {
  const record = <T extends object>(target: T): T =>
    new Proxy(target, {
      set(t, k, v): boolean {
        const old: unknown = Reflect.get(t, k);
        journal.push(() => {
          Reflect.set(t, k, old);
        });
        return Reflect.set(t, k, v);
      },
    });
  const base = initOptions();
  const at = new JournalMap<string, Loc>();
  at.journal = journal;
  const arrAt = new JournalMap<ArrField, (Loc | null)[]>();
  arrAt.journal = journal;
  const raw: Options = { ...base, at, arrAt, journal };
  const views = { i: record(raw.i), s: record(raw.s), a: record(raw.a) };
  const options = new Proxy(raw, {
    get(t, k, receiver): unknown {
      if (k === 'i' || k === 's' || k === 'a') return views[k];
      return Reflect.get(t, k, receiver);
    },
    set(t, k, v): boolean {
      if (k === 'i' || k === 's' || k === 'a') throw new Error(`journaled options: ${k} is not replaceable`);
      const old: unknown = Reflect.get(t, k);
      journal.push(() => {
        Reflect.set(t, k, old);
      });
      return Reflect.set(t, k, v);
    },
  });
  return { options, raw };
}

export function initOptions(): Options {
  const i = Object.fromEntries(INT_FIELDS.map((f) => [f, -1])) as Record<IntField, number>;
  const s = Object.fromEntries(STR_FIELDS.map((f) => [f, null])) as Record<StrField, string | null>;
  const a = Object.fromEntries(ARR_FIELDS.map((f) => [f, []])) as unknown as Record<ArrField, string[]>;
  return { i, s, a, rekeyLimit: -1n, listenSet: false, queued: [], at: new Map(), arrAt: new Map() };
}

export function cloneOptions(o: Options): Options {
  const a = Object.fromEntries(ARR_FIELDS.map((f) => [f, [...o.a[f]]])) as unknown as Record<
    ArrField,
    string[]
  >;
  return {
    i: { ...o.i },
    s: { ...o.s },
    a,
    rekeyLimit: o.rekeyLimit,
    listenSet: o.listenSet,
    queued: [...o.queued],
    at: new Map(o.at),
    arrAt: new Map([...o.arrAt].map(([k, v]) => [k, [...v]])),
  };
}

function push(o: Options, f: ArrField, v: string, at: Loc | null): void {
  const arr = o.a[f];
  const list = o.arrAt.get(f) ?? [];
  if (o.journal) {
    const n = arr.length;
    const m = list.length;
    o.journal.push(() => {
      arr.length = n;
      list.length = m;
    });
  }
  arr.push(v);
  list.push(at);
  o.arrAt.set(f, list);
}

function setArr(o: Options, f: ArrField, vals: string[], ats: (Loc | null)[]): void {
  o.a[f] = [...vals];
  o.arrAt.set(f, [...ats]);
}

/** A line of sshd's stderr, kept so the caller can report the first error the way sshd prints it. */
export type LogLine = { level: 'error' | 'info'; text: string; at: Loc | null };

/** fatal(): sshd prints the message and exits 255. */
export class SshdFatalError extends Error {
  constructor(
    message: string,
    readonly at: Loc | null,
    /** True when only `sshd -T`'s connection test spec is at fault, not the configuration itself. */
    readonly testModeOnly = false,
  ) {
    super(message);
    this.name = 'SshdFatalError';
  }
}

/** The -C connection test spec (connection_info with test=1). lport 0 means "not given", as in sshd. */
export type ConnInfo = {
  user: string | null;
  host: string | null;
  address: string | null;
  laddress: string | null;
  lport: number;
  rdomain: string | null;
};

type IncludeItem = { selector: string; filename: string | null; contents: string };

/**
 * sshd's include list (servconf.c `includes`), shared by every pass over one configuration so that each
 * Include pattern is globbed once: the items of each selector, in the order they were added.
 */
export type IncludeCache = Map<string, IncludeItem[]>;

/** Observers of a parse run (used by the one-pass Match block evaluation in match-blocks.ts). */
export type ParseHooks = {
  /** A file starts (before its first line); `st` is the state it inherits. */
  fileStart(filename: string, st: Readonly<State>): void;
  /** A file ended (after its last line). */
  fileEnd(filename: string): void;
  /** Before each line of a file. */
  line(rawLine: string, st: Readonly<State>): void;
  /** A Match line has taken effect: `st` is the new state. */
  match(key: string, never: boolean, st: Readonly<State>): void;
  /** processLine() threw on a line (the line then counts as accepted). Rethrow to end the run. */
  lineError(e: unknown, st: Readonly<State>): void;
  /** parseDepth()'s own fatal errors (include depth, bad option count): must throw. */
  fileError(e: SshdFatalError): never;
};

/** Everything one parse run shares; plain data, created per call. */
export type ParseRun = {
  tree: FileTree;
  db: HostDb;
  includes: IncludeCache;
  log: LogLine[];
  /** The connection for Match evaluation, null in sshd's first (syntax) pass. */
  ci: ConnInfo | null;
  /**
   * When set, Match lines match exactly the `file:line` keys this says it has (used to evaluate one block
   * on its own).
   */
  forceMatch: { has(key: string): boolean } | null;
  /** Every Match line seen, in order, with the enclosing block (for Match inside included files). */
  blocks: { key: string; criteria: string; file: string; line: number; within: string | null }[];
  /** Files opened, in order. */
  files: string[];
  /** Lines handed to processLine() so far (all files, including blank and comment lines). */
  lines: number;
  hooks?: ParseHooks;
};

/** A run over one configuration; `base` is shared by every pass over it (same tree, host db, include cache). */
export function newParseRun(
  base: Pick<ParseRun, 'tree' | 'db' | 'includes'>,
  ci: ConnInfo | null,
  force: ParseRun['forceMatch'],
): ParseRun {
  return { ...base, log: [], ci, forceMatch: force, blocks: [], files: [], lines: 0 };
}

const NEVERMATCH = 4;
const MATCH_ONLY = 8;
const MAX_DEPTH = 16;
const MAX_PORTS = 256;
const MAX_SUBSYSTEMS = 256;
const SSHDIR = '/etc/ssh';
/** sshd's working directory: systemd starts it in `/`, which derelativise_path() prepends to relative paths. */
const CWD = '/';

/**
 * `block` is the Match block the current line belongs to; `fileBlock` the block that was current at the
 * Include line that opened the current file (null in the main file): the only block a Match block of this
 * file depends on, since a Match ends the previous one of its file.
 */
export type State = { active: number; flags: number; block: string | null; fileBlock: string | null };

/** argv_next()/argv_consume() over the words of one line. */
type Args = { av: string[]; n: number };
const next = (a: Args): string | undefined => (a.n < a.av.length ? a.av[a.n++] : undefined);
const remaining = (a: Args): number => a.av.length - a.n;
const consume = (a: Args): void => {
  a.n = a.av.length;
};

/** load_server_config(): strips leading blanks per line; a NUL ends a line's text and swallows its newline. */
export function loadConfigText(content: string): string {
  const out: string[] = [];
  let start = 0;
  while (start < content.length) {
    const nl = content.indexOf('\n', start);
    let line = nl < 0 ? content.slice(start) : content.slice(start, nl + 1);
    start = nl < 0 ? content.length : nl + 1;
    line = line.slice(strspn(line, ' \t\r'));
    const nul = line.indexOf('\0');
    if (nul >= 0) line = line.slice(0, nul);
    out.push(line);
  }
  return out.join('');
}

function tildeExpand(run: ParseRun, path: string, at: Loc): string {
  if (!path.startsWith('~')) return path;
  let copy = path.slice(1);
  let user: string | null = null;
  let rest: string | null;
  if (copy === '') rest = null;
  else if (copy.startsWith('/')) {
    copy = copy.slice(strspn(copy, '/'));
    rest = copy === '' ? null : copy;
  } else {
    const slash = copy.indexOf('/');
    if (slash >= 0) {
      user = copy.slice(0, slash);
      let p = copy.slice(slash + 1);
      p = p.slice(strspn(p, '/'));
      rest = p === '' ? null : p;
    } else {
      user = copy;
      rest = null;
    }
  }
  let home: string;
  if (user !== null) {
    const pw = run.db.users.get(user);
    if (!pw) {
      run.log.push({ level: 'error', text: `tilde_expand: No such user ${user}`, at });
      throw new SshdFatalError(`tilde_expand: No such user ${user}`, at);
    }
    home = pw.home;
  } else {
    home = run.db.users.get('root')?.home ?? T.ROOT_HOME;
  }
  const slash = home === '' || !home.endsWith('/');
  return `${home}${slash ? '/' : ''}${rest ?? ''}`;
}

function derelativise(run: ParseRun, path: string, at: Loc): string {
  if (path.toLowerCase() === 'none') return 'none';
  const expanded = tildeExpand(run, path, at);
  if (expanded.startsWith('/')) return expanded;
  return `${CWD}/${expanded}`;
}

function fatal(_run: ParseRun, text: string, at: Loc | null, testModeOnly = false): never {
  throw new SshdFatalError(text, at, testModeOnly);
}

function error(run: ParseRun, text: string, at: Loc | null): void {
  run.log.push({ level: 'error', text, at });
}

/** Directory → entries of a (read-only) tree, built once per tree. */
const TREE_DIRS = new WeakMap<FileTree, Map<string, Set<string>>>();

function treeDirs(tree: FileTree): Map<string, Set<string>> {
  const cached = TREE_DIRS.get(tree);
  if (cached) return cached;
  const dirs = new Map<string, Set<string>>();
  for (const p of tree.paths()) {
    const parts = p.split('/').filter((c) => c !== '');
    let dir = '/';
    for (const part of parts) {
      const set = dirs.get(dir) ?? new Set<string>();
      set.add(part);
      dirs.set(dir, set);
      dir = dir === '/' ? `/${part}` : `${dir}/${part}`;
    }
  }
  TREE_DIRS.set(tree, dirs);
  return dirs;
}

/** sshd's glob(3) over the collected tree: `*`, `?`, `[...]`, no leading-dot matches, byte order. */
export function globTree(tree: FileTree, pattern: string): string[] {
  const dirs = treeDirs(tree);
  const isDir = (p: string): boolean => dirs.has(p);
  const exists = (p: string): boolean => tree.read(p) !== undefined || isDir(p);
  const isAbs = pattern.startsWith('/');
  const comps = pattern.split('/').slice(isAbs ? 1 : 0);
  // Each candidate keeps the components as written (what sshd reports) and the resolved path (what the tree holds).
  let cands: { shown: string[]; real: string }[] = [{ shown: [], real: isAbs ? '/' : CWD }];
  comps.forEach((comp, k) => {
    const last = k === comps.length - 1;
    const nextC: { shown: string[]; real: string }[] = [];
    for (const c of cands) {
      if (comp === '') {
        if (isDir(c.real)) nextC.push({ shown: [...c.shown, ''], real: c.real });
        continue;
      }
      if (!/[*?[]/.test(comp)) {
        const lit = comp.replace(/\\(.)/g, '$1');
        const real = resolvePath(`${c.real}/${lit}`);
        if (last ? exists(real) : isDir(real)) nextC.push({ shown: [...c.shown, lit], real });
        continue;
      }
      for (const name of [...(dirs.get(c.real) ?? [])]) {
        if (name.startsWith('.') && !comp.startsWith('.')) continue;
        if (!fnmatch(comp, name)) continue;
        const real = resolvePath(`${c.real}/${name}`);
        if (last || isDir(real)) nextC.push({ shown: [...c.shown, name], real });
      }
    }
    cands = nextC;
  });
  return cands.map((c) => (isAbs ? '/' : '') + c.shown.join('/')).sort(compareBytesStr);
}

function compareBytesStr(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

/** fnmatch() of one path component with `*`, `?`, `[...]` (`!`/`^` negation, ranges) and backslash escapes. */
function fnmatch(pat: string, s: string): boolean {
  const rx = (() => {
    let out = '^';
    for (let i = 0; i < pat.length; i++) {
      const c = pat[i] as string;
      if (c === '\\' && i + 1 < pat.length) out += escapeRx(pat[++i] as string);
      else if (c === '*') out += '[^/]*';
      else if (c === '?') out += '[^/]';
      else if (c === '[') {
        let j = i + 1;
        let neg = false;
        if (pat[j] === '!' || pat[j] === '^') {
          neg = true;
          j++;
        }
        let body = '';
        let first = true;
        while (j < pat.length && (pat[j] !== ']' || first)) {
          const ch = pat[j] as string;
          body += ch === '\\' || ch === ']' || ch === '^' || ch === '[' ? `\\${ch}` : ch;
          first = false;
          j++;
        }
        if (j >= pat.length) out += '\\[';
        else {
          out += `[${neg ? '^' : ''}${body}]`;
          i = j;
        }
      } else out += escapeRx(c);
    }
    return `${out}$`;
  })();
  try {
    return new RegExp(rx, 'u').test(s);
  } catch {
    return false;
  }
}

function escapeRx(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function multistate(table: T.Multistate, arg: string): number {
  const hit = table.find(([k]) => k.toLowerCase() === arg.toLowerCase());
  return hit ? hit[1] : -1;
}

function fmtMultistate(table: T.Multistate, v: number): string {
  return table.find(([, x]) => x === v)?.[0] ?? 'UNKNOWN';
}

/** Comma-split that stops at the first empty entry, like the `p && *p != '\0'` strsep loops in OpenSSH. */
function namesUntilEmpty(s: string): string[] {
  const out: string[] = [];
  for (const p of s.split(',')) {
    if (p === '') break;
    out.push(p);
  }
  return out;
}

function namesValid(s: string, valid: (name: string) => boolean): boolean {
  if (s === '') return false;
  return namesUntilEmpty(s).every(valid);
}

function keyNamesValid(s: string): boolean {
  return namesValid(
    s,
    (p) => T.ALL_KEY_TYPES.includes(p) || T.ALL_KEY_TYPES.some((k) => matchPatternList(k, p, false) !== 0),
  );
}

function kexByName(p: string): boolean {
  return T.ALL_KEX.includes(p) || T.GSS_KEX.some((g) => p.startsWith(g));
}

/** kex.c kex_names_cat(): append b's names not already in a. */
function kexNamesCat(a: string | null, b: string): string {
  if (a === null || a === '') return b;
  if (b === '') return a;
  let ret = a;
  for (const p of namesUntilEmpty(b)) {
    const have = namesUntilEmpty(ret);
    if (have.includes(p)) continue;
    ret = `${ret},${p}`;
  }
  return ret;
}

function filterList(proposal: string, filter: string, deny: boolean): string {
  return proposal
    .split(',')
    .filter((cp) => {
      const r = matchPatternList(cp, filter, false);
      return deny ? r !== 1 : r === 1;
    })
    .join(',');
}

/** assembleNames() results by `all`, `def` and `list` (it is a pure function of the three). */
const ASSEMBLED = new WeakMap<readonly string[], Map<string, Map<string, string | null>>>();

/** kex.c kex_assemble_names(): resolves `+`, `-`, `^` and patterns against this build's lists; null = error. */
export function assembleNames(list: string | null, def: string, all: readonly string[]): string | null {
  if (list === null || list === '') return def;
  let byDef = ASSEMBLED.get(all);
  if (!byDef) {
    byDef = new Map();
    ASSEMBLED.set(all, byDef);
  }
  let byList = byDef.get(def);
  if (!byList) {
    byList = new Map();
    byDef.set(def, byList);
  }
  const hit = byList.get(list);
  if (hit !== undefined) return hit;
  const r = assembleNamesUncached(list, def, all);
  // Bounded: a configuration only holds so many distinct lists, but keep a runaway from growing forever.
  if (byList.size > 10_000) byList.clear();
  byList.set(list, r);
  return r;
}

function assembleNamesUncached(list: string, def: string, all: readonly string[]): string | null {
  let l = list;
  const allStr = all.join(',');
  if (l.startsWith('+')) l = kexNamesCat(def, l.slice(1));
  else if (l.startsWith('-')) return filterList(def, l.slice(1), true);
  else if (l.startsWith('^')) l = kexNamesCat(l.slice(1), def);
  let ret: string | null = null;
  for (const cp of l.split(',')) {
    if (cp.startsWith('!')) return null;
    const matching = filterList(allStr, cp, false);
    ret = kexNamesCat(ret, matching);
  }
  if (ret === null || ret === '') return null;
  return ret;
}

const ALGO_FIELDS: readonly { f: StrField; what: string; def: string; all: readonly string[] }[] = [
  { f: 'ciphers', what: 'ciphers', def: T.DEFAULT_CIPHERS, all: T.ALL_CIPHERS },
  { f: 'macs', what: 'macs', def: T.DEFAULT_MACS, all: T.ALL_MACS },
  { f: 'kex_algorithms', what: 'kex_algorithms', def: T.DEFAULT_KEX, all: T.ALL_KEX },
  { f: 'hostkeyalgorithms', what: 'hostkeyalgorithms', def: T.DEFAULT_PK_ALGS, all: T.ALL_KEY_TYPES },
  {
    f: 'hostbased_accepted_algos',
    what: 'hostbased_accepted_algos',
    def: T.DEFAULT_PK_ALGS,
    all: T.ALL_KEY_TYPES,
  },
  { f: 'pubkey_accepted_algos', what: 'pubkey_accepted_algos', def: T.DEFAULT_PK_ALGS, all: T.ALL_KEY_TYPES },
  { f: 'ca_sign_algorithms', what: 'ca_sign_algorithms', def: T.DEFAULT_CA_SIG_ALGS, all: T.ALL_SIG_TYPES },
];

/** servconf.c assemble_algorithms(). */
function assembleAlgorithms(run: ParseRun, o: Options): void {
  for (const { f, what, def, all } of ALGO_FIELDS) {
    const r = assembleNames(o.s[f], def, all);
    if (r === null) fatal(run, `assemble_algorithms: ${what}: invalid argument`, o.at.get(f) ?? null);
    o.s[f] = r;
  }
}

function queueListen(o: Options, addr: string, port: number, at: Loc): void {
  const q = o.queued;
  if (o.journal) {
    const n = q.length;
    o.journal.push(() => {
      q.length = n;
    });
  }
  q.push({ addr, port, at });
}

/** add_one_listen_addr(): getaddrinfo() of a literal address (or the wildcard) for one port. */
function addOneListen(run: ParseRun, o: Options, addr: string | null, port: number, at: Loc | null): void {
  o.listenSet = true;
  const af = o.i.address_family;
  if (addr === null) {
    // The passive wildcard list; sshd -T prints the IPv6 one first (verified).
    if (af !== T.AF_INET) push(o, 'listen_addrs', `[::]:${port}`, at);
    if (af !== T.AF_INET6) push(o, 'listen_addrs', `0.0.0.0:${port}`, at);
    return;
  }
  const a = addrPton(addr);
  if (a && a.scope === 0) {
    if ((a.af === 4 && af === T.AF_INET6) || (a.af === 6 && af === T.AF_INET)) {
      fatal(run, `bad addr or host: ${addr} (Address family for hostname not supported)`, at);
    }
    const text = formatAddr(a);
    push(o, 'listen_addrs', a.af === 6 ? `[${text}]:${port}` : `${text}:${port}`, at);
    return;
  }
  if (addr === '' || /^[0-9.:]*$/.test(addr)) {
    fatal(run, `bad addr or host: ${addr} (Name or service not known)`, at);
  }
  // A host name: sshd resolves it with DNS at start-up, which an offline parser cannot do; keep the name.
  push(o, 'listen_addrs', `${addr}:${port}`, at);
}

/** process_queued_listen_addrs(). */
export function processQueuedListen(run: ParseRun, o: Options): void {
  if (o.a.ports.length === 0) push(o, 'ports', '22', null);
  if (o.i.address_family === -1) o.i.address_family = T.AF_UNSPEC;
  for (const q of o.queued) {
    if (q.port > 0) addOneListen(run, o, q.addr, q.port, q.at);
    else for (const p of o.a.ports) addOneListen(run, o, q.addr, Number(p), q.at);
  }
  o.queued = [];
}

/** The first table entry of each keyword name. */
const KEYWORD_INDEX: ReadonlyMap<string, T.KeywordEntry> = (() => {
  const m = new Map<string, T.KeywordEntry>();
  for (const k of T.KEYWORDS) if (!m.has(k.name)) m.set(k.name, k);
  return m;
})();

/** Finds a keyword (case-insensitive) in the table. */
export function parseToken(cp: string): T.KeywordEntry | null {
  return KEYWORD_INDEX.get(cp.toLowerCase()) ?? null;
}

/**
 * The start of process_server_config_line_depth(): trailing blanks dropped, then the keyword and the rest of
 * the line. null for blank and comment lines (the line does nothing).
 */
export function splitConfigLine(
  rawLine: string,
): { line: string; keyword: string; str: string | null } | null {
  let line = rawLine;
  if (line.length === 0) return null;
  let len = line.length - 1;
  for (; len > 0; len--) {
    if (!LINE_TRAILING_BLANKS.includes(line[len] as string)) break;
  }
  line = line.slice(0, len + 1);
  let d = strdelim(line);
  let keyword = d.token;
  let str = d.rest;
  if (keyword === null) return null;
  if (keyword === '') {
    d = strdelim(str);
    keyword = d.token;
    str = d.rest;
  }
  if (keyword === null || keyword === '' || keyword.startsWith('#')) return null;
  return { line, keyword, str };
}

const LINE_TRAILING_BLANKS = WHITESPACE + '\f';

function matchCfgLine(
  run: ParseRun,
  condition: string | null,
  line: number,
  ci: ConnInfo | null,
  at: Loc,
): { result: number; rest: string | null } {
  let cp = condition;
  let result = 1;
  let attributes = 0;
  for (;;) {
    const d = strdelim(cp);
    cp = d.rest;
    const attrib = d.token;
    if (attrib === null || attrib === '') break;
    if (attrib.startsWith('#')) {
      cp = null;
      break;
    }
    attributes++;
    if (attrib.toLowerCase() === 'all') {
      const d2 = strdelim(cp);
      if (attributes > 1 || (d2.token !== null && d2.token !== '' && !d2.token.startsWith('#'))) {
        error(run, "'all' cannot be combined with other Match attributes", at);
        return { result: -1, rest: null };
      }
      // strdelim() consumed the peeked word in C as well.
      cp = d2.rest;
      if (d2.token !== null && d2.token.startsWith('#')) cp = null;
      return { result: 1, rest: cp };
    }
    const d3 = strdelim(cp);
    cp = d3.rest;
    const arg = d3.token;
    if (arg === null || arg === '' || arg.startsWith('#')) {
      error(run, `Missing Match criteria for ${attrib}`, at);
      return { result: -1, rest: null };
    }
    const kind = attrib.toLowerCase();
    const missing: (crit: string, attr: string) => never = (crit, attr) =>
      fatal(
        run,
        `'Match ${crit}' in configuration but '${attr}' not in connection test specification.`,
        at,
        true,
      );
    if (kind === 'user') {
      if (ci === null || ci.user === null) {
        result = 0;
        continue;
      }
      if (matchPatternList(ci.user, arg, false) !== 1) result = 0;
    } else if (kind === 'group') {
      if (ci === null || ci.user === null) {
        result = 0;
        continue;
      }
      const groups = userGroupNames(run.db, ci.user);
      let found = 0;
      for (const g of groups ?? []) {
        const r = matchPatternList(g, arg, false);
        if (r === -1) {
          found = 0;
          break;
        }
        if (r === 1) found = 1;
      }
      if (!groups || groups.length === 0 || found !== 1) result = 0;
    } else if (kind === 'host') {
      if (ci === null || ci.host === null) {
        result = 0;
        continue;
      }
      if (matchPatternList(asciiLower(ci.host), arg, true) !== 1) result = 0;
    } else if (kind === 'address' || kind === 'localaddress') {
      const value = ci === null ? null : kind === 'address' ? ci.address : ci.laddress;
      if (value === null) {
        if (addrMatchList(null, arg) !== 0) {
          fatal(
            run,
            `Invalid Match ${kind === 'address' ? 'address' : 'localaddress'} argument '${arg}' at line ${line}`,
            at,
          );
        }
        result = 0;
        continue;
      }
      const r = addrMatchList(value, arg);
      if (r === -2) return { result: -1, rest: null };
      if (r !== 1) result = 0;
    } else if (kind === 'localport') {
      const port = a2port(arg, run.db.services);
      if (port === -1) {
        error(run, `Invalid LocalPort '${arg}' on Match line`, at);
        return { result: -1, rest: null };
      }
      if (ci === null || ci.lport === -1) {
        result = 0;
        continue;
      }
      if (ci.lport === 0) missing('LocalPort', 'lport');
      if (port !== ci.lport) result = 0;
    } else if (kind === 'rdomain') {
      if (ci === null || ci.rdomain === null) {
        result = 0;
        continue;
      }
      if (matchPatternList(ci.rdomain, arg, false) !== 1) result = 0;
    } else {
      error(run, `Unsupported Match attribute ${attrib}`, at);
      return { result: -1, rest: null };
    }
  }
  if (attributes === 0) {
    error(run, 'One or more attributes required for Match', at);
    return { result: -1, rest: null };
  }
  return { result, rest: cp };
}

/** match.c match_user() in syntax-check mode: validates the address list after '@'. */
function userPatternValid(pattern: string): boolean {
  const at = pattern.indexOf('@');
  if (at < 0) return true;
  return addrMatchList(null, pattern.slice(at + 1)) !== -2;
}

function authMethodsValid(methods: string, needEnable: Options | null): { ok: boolean; why: string } {
  if (methods === '') return { ok: false, why: 'empty authentication method list' };
  for (const m of methods.split(',')) {
    const name = m.includes(':') ? m.slice(0, m.indexOf(':')) : m;
    const entry = T.AUTH_METHODS.find((x) => x.name === name);
    if (!entry) return { ok: false, why: `Unknown authentication method "${name}" in list` };
    if (needEnable && entry.enabledBy !== null && needEnable.i[entry.enabledBy as IntField] === 0) {
      return { ok: false, why: `Disabled method "${name}" in AuthenticationMethods list "${methods}"` };
    }
  }
  return { ok: true, why: '' };
}

/** What the keyword parsers of one line share (module-level functions: no closures per line). */
type LineCtx = {
  run: ParseRun;
  o: Options;
  args: Args;
  active: boolean;
  at: Loc;
  filename: string;
  linenum: number;
  keyword: string;
  str: string;
};

function F(c: LineCtx, m: string): never {
  return fatal(c.run, `${c.filename} line ${c.linenum}: ${m}`, c.at);
}

function setInt(c: LineCtx, f: IntField, v: number, firstWins = true): void {
  if (c.active && (!firstWins || c.o.i[f] === -1)) {
    c.o.i[f] = v;
    c.o.at.set(f, c.at);
  }
}

function setStr(c: LineCtx, f: StrField, v: string): void {
  if (c.active && c.o.s[f] === null) {
    c.o.s[f] = v;
    c.o.at.set(f, c.at);
  }
}

function parseMultistate(c: LineCtx, f: IntField, table: T.Multistate): void {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, 'missing argument.');
  const v = multistate(table, arg);
  if (v === -1) F(c, `unsupported option "${arg}".`);
  setInt(c, f, v);
}

function parseFlag(c: LineCtx, f: IntField): void {
  parseMultistate(c, f, T.MS_FLAG);
}

function parseTime(c: LineCtx, f: IntField): void {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, 'missing time value.');
  const v = convtime(arg);
  if (v === -1) F(c, 'invalid time value.');
  setInt(c, f, v);
}

function parseIntField(c: LineCtx, f: IntField): void {
  const r = atoiErr(next(c.args));
  if (r.error !== null) F(c, `${c.keyword} integer value ${r.error}.`);
  setInt(c, f, r.value);
}

function parseFilename(c: LineCtx, f: StrField): void {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, 'missing file name.');
  if (c.active && c.o.s[f] === null) setStr(c, f, derelativise(c.run, arg, c.at));
}

function missingArg(c: LineCtx): string {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, `${c.keyword} missing argument.`);
  return arg;
}

function parsePubkeyAlgos(c: LineCtx, f: StrField): void {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, 'Missing argument.');
  if (
    !arg.startsWith('-') &&
    !keyNamesValid(arg.startsWith('+') || arg.startsWith('^') ? arg.slice(1) : arg)
  ) {
    F(c, `Bad key types '${arg}'.`);
  }
  setStr(c, f, arg);
}

function parseCommand(c: LineCtx, f: StrField): void {
  const s = c.str;
  const rest = s.slice(strspn(s, WHITESPACE));
  if (!rest.startsWith('/') && rest.toLowerCase() !== 'none') F(c, `${c.keyword} must be an absolute path`);
  // sshd 9.2 tests authorized_keys_command here for both *Command keywords (upstream bug, kept).
  if (c.active && c.o.s.authorized_keys_command === null) {
    c.o.s[f] = rest;
    c.o.at.set(f, c.at);
  }
  consume(c.args);
}

function parseAllowDenyUsers(c: LineCtx, f: ArrField): void {
  for (let arg = next(c.args); arg !== undefined; arg = next(c.args)) {
    if (arg === '' || !userPatternValid(arg)) F(c, `invalid ${c.keyword} pattern: "${arg}"`);
    if (c.active) push(c.o, f, arg, c.at);
  }
}

function parseAllowDenyGroups(c: LineCtx, f: ArrField): void {
  for (let arg = next(c.args); arg !== undefined; arg = next(c.args)) {
    if (arg === '') F(c, `empty ${c.keyword} pattern`);
    if (c.active) push(c.o, f, arg, c.at);
  }
}

function localUserArg(c: LineCtx): string {
  const arg = next(c.args);
  if (arg === undefined || arg === '') F(c, `missing ${c.keyword} argument.`);
  return arg;
}

/**
 * process_server_config_line_depth(): returns 0, or -1 for a "bad configuration option" (counted, fatal at
 * the end of the file); throws SshdFatalError where sshd calls fatal().
 */
function processLine(
  run: ParseRun,
  o: Options,
  rawLine: string,
  filename: string,
  linenum: number,
  st: State,
  depth: number,
): number {
  const split = splitConfigLine(rawLine);
  if (split === null) return 0;
  const { keyword } = split;
  const str = split.str;
  const at: Loc = { file: filename, line: linenum, block: st.block };
  if (str === null || str === '') {
    error(run, `${filename} line ${linenum}: no argument after keyword "${keyword}"`, at);
    return -1;
  }
  const tok = parseToken(keyword);
  if (!tok) error(run, `${filename}: line ${linenum}: Bad configuration option: ${keyword}`, at);
  const flags = tok?.flags ?? 0;
  const av = argvSplit(str);
  if (av === null) {
    error(run, `${filename} line ${linenum}: invalid quotes`, at);
    return -1;
  }
  const args: Args = { av, n: 0 };
  const ci = run.ci;
  if (st.active === 0 && !(flags & T.CFG_MATCH)) {
    if (ci === null && run.forceMatch === null) {
      fatal(
        run,
        `${filename} line ${linenum}: Directive '${keyword}' is not allowed within a Match block`,
        at,
      );
    }
    return 0;
  }
  if (!tok) return -1;
  const active = st.active !== 0;
  const c: LineCtx = { run, o, args, active, at, filename, linenum, keyword, str };

  switch (tok.op) {
    case 'UsePAM':
      parseFlag(c, 'use_pam');
      break;
    case 'Port': {
      if (o.a.ports.length >= MAX_PORTS) F(c, 'too many ports.');
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'missing port number.');
      const port = a2port(arg, run.db.services);
      if (port <= 0) F(c, 'Badly formatted port number.');
      push(o, 'ports', String(port), at);
      break;
    }
    case 'LoginGraceTime':
      parseTime(c, 'login_grace_time');
      break;
    case 'ListenAddress': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'missing address');
      let addr: string;
      let port: number;
      const colon = arg.indexOf(':');
      if (!arg.includes('[') && colon >= 0 && arg.indexOf(':', colon + 1) >= 0) {
        addr = arg;
        port = 0;
      } else {
        const h = hpdelim(arg);
        if (h === null) F(c, 'bad address:port usage');
        addr = cleanhostname(h.host);
        if (h.rest === null) port = 0;
        else {
          port = a2port(h.rest, run.db.services);
          if (port <= 0) F(c, 'bad port number');
        }
      }
      const rd = next(args);
      if (rd !== undefined) {
        if (rd !== 'rdomain' || next(args) === undefined) F(c, 'bad ListenAddress syntax');
        error(run, 'Routing domains are not supported on this platform', at);
        F(c, 'bad routing domain');
      }
      queueListen(o, addr, port, at);
      break;
    }
    case 'AddressFamily':
      parseMultistate(c, 'address_family', T.MS_ADDRESS_FAMILY);
      break;
    case 'HostKeyFile': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'missing file name.');
      if (active) push(o, 'host_key_files', derelativise(run, arg, at), at);
      break;
    }
    case 'HostKeyAgent': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'missing socket name.');
      if (active && o.s.host_key_agent === null) {
        setStr(c, 'host_key_agent', arg === 'SSH_AUTH_SOCK' ? arg : derelativise(run, arg, at));
      }
      break;
    }
    case 'HostCertificate': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'missing file name.');
      if (active) push(o, 'host_cert_files', derelativise(run, arg, at), at);
      break;
    }
    case 'PidFile':
      parseFilename(c, 'pid_file');
      break;
    case 'ModuliFile':
      parseFilename(c, 'moduli_file');
      break;
    case 'PermitRootLogin':
      parseMultistate(c, 'permit_root_login', T.MS_PERMIT_ROOT_LOGIN);
      break;
    case 'IgnoreRhosts':
      parseMultistate(c, 'ignore_rhosts', T.MS_IGNORE_RHOSTS);
      break;
    case 'IgnoreUserKnownHosts':
      parseFlag(c, 'ignore_user_known_hosts');
      break;
    case 'HostbasedAuthentication':
      parseFlag(c, 'hostbased_authentication');
      break;
    case 'HostbasedUsesNameFromPacketOnly':
      parseFlag(c, 'hostbased_uses_name_from_packet_only');
      break;
    case 'HostbasedAcceptedAlgorithms':
      parsePubkeyAlgos(c, 'hostbased_accepted_algos');
      break;
    case 'HostKeyAlgorithms':
      parsePubkeyAlgos(c, 'hostkeyalgorithms');
      break;
    case 'CASignatureAlgorithms':
      parsePubkeyAlgos(c, 'ca_sign_algorithms');
      break;
    case 'PubkeyAuthentication':
      parseFlag(c, 'pubkey_authentication');
      break;
    case 'PubkeyAcceptedAlgorithms':
      parsePubkeyAlgos(c, 'pubkey_accepted_algos');
      break;
    case 'PubkeyAuthOptions': {
      let value = 0;
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        const l = arg.toLowerCase();
        if (l === 'none') continue;
        if (l === 'touch-required') value |= 1;
        else if (l === 'verify-required') value |= 2;
        else {
          error(run, `${filename} line ${linenum}: unsupported ${keyword} option ${arg}`, at);
          return -1;
        }
      }
      setInt(c, 'pubkey_auth_options', value);
      break;
    }
    case 'KerberosAuthentication':
      parseFlag(c, 'kerberos_authentication');
      break;
    case 'KerberosOrLocalPasswd':
      parseFlag(c, 'kerberos_or_local_passwd');
      break;
    case 'KerberosTicketCleanup':
      parseFlag(c, 'kerberos_ticket_cleanup');
      break;
    case 'GssAuthentication':
      parseFlag(c, 'gss_authentication');
      break;
    case 'GssKeyEx':
      parseFlag(c, 'gss_keyex');
      break;
    case 'GssCleanupCreds':
      parseFlag(c, 'gss_cleanup_creds');
      break;
    case 'GssStrictAcceptor':
      parseFlag(c, 'gss_strict_acceptor');
      break;
    case 'GssStoreRekey':
      parseFlag(c, 'gss_store_rekey');
      break;
    case 'GssKexAlgorithms': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, 'Missing argument.');
      if (!namesValid(arg, (p) => p.startsWith('gss-') && kexByName(p)))
        F(c, `Bad GSSAPI KexAlgorithms '${arg}'.`);
      setStr(c, 'gss_kex_algorithms', arg);
      break;
    }
    case 'PasswordAuthentication':
      parseFlag(c, 'password_authentication');
      break;
    case 'KbdInteractiveAuthentication':
      parseFlag(c, 'kbd_interactive_authentication');
      break;
    case 'PrintMotd':
      parseFlag(c, 'print_motd');
      break;
    case 'PrintLastLog':
      parseFlag(c, 'print_lastlog');
      break;
    case 'X11Forwarding':
      parseFlag(c, 'x11_forwarding');
      break;
    case 'X11DisplayOffset':
      parseIntField(c, 'x11_display_offset');
      break;
    case 'X11UseLocalhost':
      parseFlag(c, 'x11_use_localhost');
      break;
    case 'XAuthLocation':
      parseFilename(c, 'xauth_location');
      break;
    case 'PermitTTY':
      parseFlag(c, 'permit_tty');
      break;
    case 'PermitUserRC':
      parseFlag(c, 'permit_user_rc');
      break;
    case 'StrictModes':
      parseFlag(c, 'strict_modes');
      break;
    case 'TCPKeepAlive':
      parseFlag(c, 'tcp_keep_alive');
      break;
    case 'EmptyPasswd':
      parseFlag(c, 'permit_empty_passwd');
      break;
    case 'PermitUserEnvironment': {
      const arg = next(args);
      if (arg === undefined || arg === '') F(c, `${keyword} missing argument.`);
      // Case-sensitive: anything but exactly "yes"/"no" is an allow-list pattern.
      const isFlag = arg === 'yes' || arg === 'no';
      if (active && o.i.permit_user_env === -1) {
        o.i.permit_user_env = arg === 'no' ? 0 : 1;
        o.s.permit_user_env_allowlist = isFlag ? null : arg;
        o.at.set('permit_user_env', at);
        if (!isFlag) o.at.set('permit_user_env_allowlist', at);
      }
      break;
    }
    case 'Compression':
      parseMultistate(c, 'compression', T.MS_COMPRESSION);
      break;
    case 'RekeyLimit': {
      const arg = missingArg(c);
      let val: bigint;
      if (arg === 'default') val = 0n;
      else {
        const r = scanScaled(arg);
        if ('error' in r) {
          const msg = r.error === 'EINVAL' ? 'Invalid argument' : 'Numerical result out of range';
          F(c, `Bad ${keyword} number '${arg}': ${msg}`);
        }
        val = r.value;
        if (val !== 0n && val < 16n) F(c, `${keyword} too small`);
      }
      if (active && o.rekeyLimit === -1n) {
        o.rekeyLimit = val;
        o.at.set('rekey_limit', at);
      }
      if (remaining(args) !== 0) {
        if (args.av[args.n] === 'none') {
          next(args);
          break;
        }
        parseTime(c, 'rekey_interval');
      }
      break;
    }
    case 'GatewayPorts':
      parseMultistate(c, 'gateway_ports', T.MS_GATEWAY_PORTS);
      break;
    case 'UseDNS':
      parseFlag(c, 'use_dns');
      break;
    case 'LogFacility': {
      const arg = next(args);
      const v = arg === undefined ? -1 : multistate(T.LOG_FACILITIES, arg);
      if (v === -1) F(c, `unsupported log facility '${arg ?? '<NONE>'}'`);
      // No activep test in sshd: a GLOBAL-only keyword, so it can only be reached while active anyway.
      if (o.i.log_facility === -1) {
        o.i.log_facility = v;
        o.at.set('log_facility', at);
      }
      break;
    }
    case 'LogLevel': {
      const arg = next(args);
      const v = arg === undefined ? -1 : multistate(T.LOG_LEVELS, arg);
      if (v === -1) F(c, `unsupported log level '${arg ?? '<NONE>'}'`);
      setInt(c, 'log_level', v);
      break;
    }
    case 'LogVerbose': {
      const found = o.a.log_verbose.length === 0;
      let i = 0;
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg === '') {
          error(run, `${filename} line ${linenum}: keyword ${keyword} empty argument`, at);
          return -1;
        }
        if (arg.toLowerCase() === 'none' && (i > 0 || remaining(args) > 0)) {
          error(
            run,
            `${filename} line ${linenum}: keyword ${keyword} "none" argument must appear alone.`,
            at,
          );
          return -1;
        }
        i++;
        if (!found || !active) continue;
        push(o, 'log_verbose', arg, at);
      }
      break;
    }
    case 'AllowTcpForwarding':
      parseMultistate(c, 'allow_tcp_forwarding', T.MS_TCPFWD);
      break;
    case 'AllowStreamLocalForwarding':
      parseMultistate(c, 'allow_streamlocal_forwarding', T.MS_TCPFWD);
      break;
    case 'AllowAgentForwarding':
      parseFlag(c, 'allow_agent_forwarding');
      break;
    case 'DisableForwarding':
      parseFlag(c, 'disable_forwarding');
      break;
    case 'AllowUsers':
      parseAllowDenyUsers(c, 'allow_users');
      break;
    case 'DenyUsers':
      parseAllowDenyUsers(c, 'deny_users');
      break;
    case 'AllowGroups':
      parseAllowDenyGroups(c, 'allow_groups');
      break;
    case 'DenyGroups':
      parseAllowDenyGroups(c, 'deny_groups');
      break;
    case 'Ciphers':
    case 'Macs':
    case 'KexAlgorithms': {
      const arg = missingArg(c);
      const body = arg.startsWith('+') || arg.startsWith('^') ? arg.slice(1) : arg;
      const spec = {
        Ciphers: { f: 'ciphers', ok: (p: string) => T.ALL_CIPHERS.includes(p), msg: 'Bad SSH2 cipher spec' },
        Macs: { f: 'macs', ok: (p: string) => T.ALL_MACS.includes(p), msg: 'Bad SSH2 mac spec' },
        KexAlgorithms: { f: 'kex_algorithms', ok: kexByName, msg: 'Bad SSH2 KexAlgorithms' },
      }[tok.op];
      if (!arg.startsWith('-') && !namesValid(body, spec.ok)) F(c, `${spec.msg} '${arg}'.`);
      // No activep test in sshd here either (GLOBAL-only keywords).
      if (o.s[spec.f as StrField] === null) {
        o.s[spec.f as StrField] = arg;
        o.at.set(spec.f, at);
      }
      break;
    }
    case 'Subsystem': {
      if (o.a.subsystems.length >= MAX_SUBSYSTEMS) F(c, 'too many subsystems defined.');
      const name = missingArg(c);
      if (!active) {
        next(args);
        break;
      }
      if (o.a.subsystem_names.includes(name)) F(c, `Subsystem '${name}' already defined.`);
      const cmd = next(args);
      if (cmd === undefined || cmd === '') F(c, 'Missing subsystem command.');
      const parts = [cmd];
      for (let a = next(args); a !== undefined; a = next(args)) parts.push(a);
      push(o, 'subsystem_names', name, at);
      push(o, 'subsystems', `${name} ${parts.join(' ')}`, at);
      break;
    }
    case 'MaxStartups': {
      const arg = missingArg(c);
      const v = scanInts(arg, 3);
      // sscanf() stores each converted field into the options as it goes, so later lines overwrite.
      if (v[0] !== undefined) o.i.max_startups_begin = v[0];
      if (v[1] !== undefined) o.i.max_startups_rate = v[1];
      if (v[2] !== undefined) o.i.max_startups = v[2];
      if (v.length === 3) {
        if (
          o.i.max_startups_begin > o.i.max_startups ||
          o.i.max_startups_rate > 100 ||
          o.i.max_startups_rate < 1
        ) {
          F(c, `Invalid ${keyword} spec.`);
        }
      } else if (v.length !== 1) F(c, `Invalid ${keyword} spec.`);
      else o.i.max_startups = o.i.max_startups_begin;
      if (o.i.max_startups <= 0 || o.i.max_startups_begin <= 0) F(c, `Invalid ${keyword} spec.`);
      o.at.set('max_startups', at);
      break;
    }
    case 'PerSourceNetBlockSize': {
      const arg = missingArg(c);
      const v = scanInts(arg, 2);
      let n = v.length;
      // value2 is uninitialised in sshd when only one number is given; the binary prints 0.
      const v1 = v[0] ?? 0;
      const v2 = v[1] ?? 0;
      if (n === 2 && (v2 < 0 || v2 > 128)) n = -1;
      if (v.length >= 1 && (v1 < 0 || v1 > 32)) n = -1;
      if (n !== 1 && n !== 2) F(c, `Invalid ${keyword} spec.`);
      if (active) {
        o.i.per_source_masklen_ipv4 = v1;
        o.i.per_source_masklen_ipv6 = v2;
        o.at.set('per_source_masklen_ipv4', at);
      }
      break;
    }
    case 'PerSourceMaxStartups': {
      const arg = missingArg(c);
      let value: number;
      if (arg === 'none') value = INT_MAX;
      else {
        const r = atoiErr(arg);
        if (r.error !== null) F(c, `${keyword} integer value ${r.error}.`);
        value = r.value;
      }
      setInt(c, 'per_source_max_startups', value, false);
      break;
    }
    case 'MaxAuthTries':
      parseIntField(c, 'max_authtries');
      break;
    case 'MaxSessions':
      parseIntField(c, 'max_sessions');
      break;
    case 'Banner':
      parseFilename(c, 'banner');
      break;
    case 'AuthorizedKeysFile': {
      const uvalue = o.a.authorized_keys_files.length;
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg === '') {
          error(run, `${filename} line ${linenum}: keyword ${keyword} empty argument`, at);
          return -1;
        }
        const expanded = tildeExpand(run, arg, at);
        if (active && uvalue === 0) push(o, 'authorized_keys_files', expanded, at);
      }
      break;
    }
    case 'AuthorizedPrincipalsFile': {
      const arg = missingArg(c);
      if (active && o.s.authorized_principals_file === null) {
        setStr(c, 'authorized_principals_file', tildeExpand(run, arg, at));
      }
      break;
    }
    case 'ClientAliveInterval':
      parseTime(c, 'client_alive_interval');
      break;
    case 'ClientAliveCountMax':
      parseIntField(c, 'client_alive_count_max');
      break;
    case 'AcceptEnv':
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg === '' || arg.includes('=')) F(c, 'Invalid environment name.');
        if (active) push(o, 'accept_env', arg, at);
      }
      break;
    case 'SetEnv': {
      const uvalue = o.a.setenv.length;
      // Names already in the list (only this line's: values are only added while the list starts empty).
      const names = new Set<string>();
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg === '' || !arg.includes('=')) F(c, 'Invalid environment.');
        if (!active || uvalue !== 0) continue;
        const name = arg.slice(0, arg.indexOf('='));
        if (names.has(name)) continue;
        names.add(name);
        push(o, 'setenv', arg, at);
      }
      break;
    }
    case 'PermitTunnel': {
      const arg = missingArg(c);
      const hit = T.TUNMODES.find(([k]) => k === arg);
      if (!hit) F(c, `bad ${keyword} argument ${arg}`);
      setInt(c, 'permit_tun', hit[1]);
      break;
    }
    case 'Include': {
      let value = 0;
      for (let arg2 = next(args); arg2 !== undefined; arg2 = next(args)) {
        if (arg2 === '') {
          error(run, `${filename} line ${linenum}: keyword ${keyword} empty argument`, at);
          return -1;
        }
        value++;
        const arg = arg2.startsWith('/') || arg2.startsWith('~') ? arg2 : `${SSHDIR}/${arg2}`;
        const oactive = st.active;
        const oblock = st.block;
        const ofileBlock = st.fileBlock;
        const childFlags = st.flags & MATCH_ONLY ? MATCH_ONLY : oactive ? 0 : NEVERMATCH;
        let found = false;
        for (const item of [...(run.includes.get(arg) ?? [])]) {
          if (item.filename !== null) {
            st.fileBlock = oblock;
            parseDepth(run, o, item.filename, item.contents, childFlags, st, depth + 1);
          }
          found = true;
          st.active = oactive;
          st.block = oblock;
          st.fileBlock = ofileBlock;
        }
        if (found) continue;
        const paths = globTree(run.tree, arg);
        const addInclude = (item: IncludeItem): void => {
          const list = run.includes.get(arg);
          if (list) list.push(item);
          else run.includes.set(arg, [item]);
        };
        if (paths.length === 0) addInclude({ selector: arg, filename: null, contents: '' });
        for (const p of paths) {
          const contents = loadConfigText(run.tree.read(resolvePath(p))?.content ?? '');
          run.files.push(p);
          st.fileBlock = oblock;
          parseDepth(run, o, p, contents, childFlags, st, depth + 1);
          st.active = oactive;
          st.block = oblock;
          st.fileBlock = ofileBlock;
          addInclude({ selector: arg, filename: p, contents });
        }
      }
      if (value === 0) F(c, `${keyword} missing filename argument`);
      break;
    }
    case 'Match': {
      const criteria = (str ?? '').trim();
      const key = `${filename}:${linenum}`;
      const never = (st.flags & NEVERMATCH) !== 0;
      let value: number;
      let rest: string | null;
      if (run.forceMatch !== null) {
        const r = matchCfgLine(run, str, linenum, null, at);
        value = r.result < 0 ? r.result : run.forceMatch.has(key) ? 1 : 0;
        rest = r.rest;
      } else {
        const r = matchCfgLine(run, str, linenum, never ? null : ci, at);
        value = r.result;
        rest = r.rest;
      }
      if (value < 0) F(c, 'Bad Match condition');
      if (ci === null && run.forceMatch === null) {
        run.blocks.push({ key, criteria, file: filename, line: linenum, within: st.fileBlock });
      }
      st.active = never ? 0 : value;
      st.block = key;
      st.flags &= ~MATCH_ONLY;
      if (rest === null || rest === '') consume(args);
      run.hooks?.match(key, never, st);
      break;
    }
    case 'PermitListen':
    case 'PermitOpen': {
      const f: ArrField = tok.op === 'PermitListen' ? 'permitted_listens' : 'permitted_opens';
      const first = missingArg(c);
      const uvalue = o.a[f].length;
      if (first === 'any' || first === 'none') {
        if (active && uvalue === 0) push(o, f, first, at);
        break;
      }
      for (let arg: string | undefined = first; arg !== undefined && arg !== ''; arg = next(args)) {
        let arg2: string;
        let portPart: string | null;
        if (tok.op === 'PermitListen' && !arg.includes(':')) {
          arg2 = `*:${arg}`;
          portPart = arg;
        } else {
          arg2 = arg;
          const h = hpdelim(arg);
          if (h === null) F(c, `${keyword} missing host`);
          portPart = h.rest;
        }
        if (portPart === null || permitopenPort(portPart, run.db.services) < 0)
          F(c, `${keyword} bad port number`);
        if (active && uvalue === 0) push(o, f, arg2, at);
      }
      break;
    }
    case 'ForceCommand': {
      const s = str;
      const rest = s.slice(strspn(s, WHITESPACE));
      setStr(c, 'adm_forced_command', rest);
      consume(args);
      break;
    }
    case 'ChrootDirectory':
      setStr(c, 'chroot_directory', missingArg(c));
      break;
    case 'TrustedUserCAKeys':
      parseFilename(c, 'trusted_user_ca_keys');
      break;
    case 'RevokedKeys':
      parseFilename(c, 'revoked_keys_file');
      break;
    case 'SecurityKeyProvider': {
      const arg = missingArg(c);
      if (active && o.s.sk_provider === null) {
        setStr(c, 'sk_provider', arg.toLowerCase() === 'internal' ? arg : derelativise(run, arg, at));
      }
      break;
    }
    case 'IPQoS': {
      const arg = missingArg(c);
      const v1 = parseIpqos(arg);
      if (v1 === -1) F(c, `Bad ${keyword} value: ${arg}`);
      const arg2 = next(args);
      let v2 = v1;
      if (arg2 !== undefined) {
        v2 = parseIpqos(arg2);
        if (v2 === -1) F(c, `Bad ${keyword} value: ${arg2}`);
      }
      if (active) {
        o.i.ip_qos_interactive = v1;
        o.i.ip_qos_bulk = v2;
        o.at.set('ip_qos_interactive', at);
      }
      break;
    }
    case 'VersionAddendum': {
      const s = str;
      const rest = s.slice(strspn(s, WHITESPACE));
      if (rest.includes('\r')) F(c, `Invalid ${keyword} argument`);
      if (active && o.s.version_addendum === null) {
        setStr(c, 'version_addendum', rest.toLowerCase() === 'none' ? '' : rest);
      }
      consume(args);
      break;
    }
    case 'AuthorizedKeysCommand':
      parseCommand(c, 'authorized_keys_command');
      break;
    case 'AuthorizedKeysCommandUser':
      setStr(c, 'authorized_keys_command_user', localUserArg(c));
      break;
    case 'AuthorizedPrincipalsCommand':
      parseCommand(c, 'authorized_principals_command');
      break;
    case 'AuthorizedPrincipalsCommandUser':
      setStr(c, 'authorized_principals_command_user', localUserArg(c));
      break;
    case 'AuthenticationMethods': {
      const found = o.a.auth_methods.length === 0;
      let sawAny = false;
      let parsed = false;
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg === 'any') {
          if (o.a.auth_methods.length > 0) F(c, `"any" must appear alone in ${keyword}`);
          sawAny = true;
        } else if (sawAny) {
          F(c, `"any" must appear alone in ${keyword}`);
        } else {
          const v = authMethodsValid(arg, null);
          if (!v.ok) {
            error(run, v.why, at);
            F(c, `invalid ${keyword} method list.`);
          }
        }
        parsed = true;
        if (!found || !active) continue;
        push(o, 'auth_methods', arg, at);
      }
      if (!parsed) F(c, `no ${keyword} specified`);
      break;
    }
    case 'StreamLocalBindMask': {
      const arg = missingArg(c);
      const r = strtolWhole(arg, 8);
      if (r.empty || r.value < 0 || r.value > 0o777) F(c, `Invalid ${keyword}.`);
      setInt(c, 'streamlocal_bind_mask', r.value, false);
      break;
    }
    case 'StreamLocalBindUnlink':
      parseFlag(c, 'streamlocal_bind_unlink');
      break;
    case 'FingerprintHash': {
      const arg = missingArg(c);
      const v = multistate(T.DIGESTS, arg);
      if (v === -1) F(c, `Invalid ${keyword} algorithm "${arg}".`);
      setInt(c, 'fingerprint_hash', v, false);
      break;
    }
    case 'ExposeAuthInfo':
      parseFlag(c, 'expose_userauth_info');
      break;
    case 'RDomain':
      F(c, 'setting RDomain not supported on this platform.');
      break;
    case 'RequiredRSASize':
      parseIntField(c, 'required_rsa_size');
      break;
    case 'ChannelTimeout': {
      const uvalue = o.a.channel_timeouts.length;
      // sshd 9.2 never increments its position counter here, so "none" is only rejected when not last.
      for (let arg = next(args); arg !== undefined; arg = next(args)) {
        if (arg.toLowerCase() === 'none') {
          if (remaining(args) > 0) {
            error(
              run,
              `${filename} line ${linenum}: keyword ${keyword} "none" argument must appear alone.`,
              at,
            );
            return -1;
          }
        } else if (!timeoutValid(arg)) {
          F(c, `invalid channel timeout ${arg}`);
        }
        if (!active || uvalue !== 0) continue;
        push(o, 'channel_timeouts', arg, at);
      }
      break;
    }
    case 'UnusedConnectionTimeout': {
      const peek = args.av[args.n];
      if (peek !== undefined && peek.toLowerCase() === 'none') {
        next(args);
        // No first-wins test for "none" in sshd 9.2: it resets any earlier value.
        if (active) {
          o.i.unused_connection_timeout = 0;
          o.at.set('unused_connection_timeout', at);
        }
        break;
      }
      parseTime(c, 'unused_connection_timeout');
      break;
    }
    case 'DebianBanner':
      parseFlag(c, 'debian_banner');
      break;
    case 'Deprecated':
    case 'Unsupported':
      run.log.push({
        level: 'info',
        text: `${filename} line ${linenum}: ${tok.op} option ${keyword}`,
        at,
      });
      consume(args);
      break;
    case 'Ignore':
      consume(args);
      break;
  }
  if (remaining(args) > 0) {
    error(run, `${filename} line ${linenum}: keyword ${keyword} extra arguments at end of line`, at);
    return -1;
  }
  return 0;
}

function resolvePath(p: string): string {
  const abs = p.startsWith('/') ? p : `${CWD}${p}`;
  const out: string[] = [];
  for (const c of abs.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return `/${out.join('/')}`;
}

function permitopenPort(p: string, services: ReadonlyMap<string, number>): number {
  if (p === '*') return 0;
  const port = a2port(p, services);
  return port > 0 ? port : -1;
}

function timeoutValid(s: string): boolean {
  const eq = s.indexOf('=');
  if (eq <= 0) return false;
  return convtime(s.slice(eq + 1)) >= 0;
}

function parseIpqos(cp: string): number {
  const hit = T.IPQOS.find(([k]) => k === cp.toLowerCase());
  if (hit) return hit[1];
  const r = strtolWhole(cp, 0);
  if (cp === '' || !r.whole || r.value < 0 || r.value > 255) return -1;
  return r.value;
}

/** parse_server_config_depth(): one file; bad options are fatal only once the whole file has been read. */
export function parseDepth(
  run: ParseRun,
  o: Options,
  filename: string,
  contents: string,
  flags: number,
  st: State,
  depth: number,
): void {
  const hooks = run.hooks;
  if (depth < 0 || depth > MAX_DEPTH) {
    const e = new SshdFatalError('Too many recursive configuration includes', null);
    if (hooks) hooks.fileError(e);
    throw e;
  }
  let bad = 0;
  const fileState = st;
  const saveFlags = fileState.flags;
  fileState.flags = flags;
  const lines = contents.split('\n');
  if (hooks) {
    hooks.fileStart(filename, fileState);
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i] as string;
      run.lines++;
      hooks.line(raw, fileState);
      let r = 0;
      try {
        r = processLine(run, o, raw, filename, i + 1, fileState, depth);
      } catch (e) {
        hooks.lineError(e, fileState);
      }
      if (r !== 0) bad++;
    }
    hooks.fileEnd(filename);
  } else {
    for (let i = 0; i < lines.length; i++) {
      run.lines++;
      if (processLine(run, o, lines[i] as string, filename, i + 1, fileState, depth) !== 0) bad++;
    }
  }
  fileState.flags = saveFlags;
  if (bad > 0) {
    const e = new SshdFatalError(`${filename}: terminating, ${bad} bad configuration options`, {
      file: filename,
      line: 0,
      block: null,
    });
    if (hooks) hooks.fileError(e);
    throw e;
  }
}

/**
 * parse_server_config(): the first pass (connectinfo null) or the Match re-processing pass. `queued: false`
 * leaves the queued ListenAddress lines unprocessed (the caller runs processQueuedListen() itself).
 */
export function parseServerConfig(
  run: ParseRun,
  o: Options,
  filename: string,
  contents: string,
  queued = true,
): void {
  const st: State = {
    active: run.ci !== null || run.forceMatch !== null ? 0 : 1,
    flags: 0,
    block: null,
    fileBlock: null,
  };
  parseDepth(run, o, filename, contents, run.ci !== null || run.forceMatch !== null ? MATCH_ONLY : 0, st, 0);
  if (queued) processQueuedListen(run, o);
}

/** fill_default_server_options(). Values set here keep no origin: they are the compiled-in defaults. */
export function fillDefaults(run: ParseRun, o: Options): void {
  const d = (f: IntField, v: number): void => {
    if (o.i[f] === -1) o.i[f] = v;
  };
  d('use_pam', 0);
  if (o.a.host_key_files.length === 0)
    for (const k of T.DEFAULT_HOST_KEYS) push(o, 'host_key_files', k, null);
  if (o.a.ports.length === 0) push(o, 'ports', '22', null);
  d('address_family', T.AF_UNSPEC);
  if (!o.listenSet) for (const p of o.a.ports) addOneListen(run, o, null, Number(p), null);
  if (o.s.pid_file === null) o.s.pid_file = '/run/sshd.pid';
  if (o.s.moduli_file === null) o.s.moduli_file = '/etc/ssh/moduli';
  d('login_grace_time', 120);
  d('permit_root_login', 2);
  d('ignore_rhosts', 1);
  d('ignore_user_known_hosts', 0);
  d('print_motd', 1);
  d('print_lastlog', 1);
  d('x11_forwarding', 0);
  d('x11_display_offset', 10);
  d('x11_use_localhost', 1);
  if (o.s.xauth_location === null) o.s.xauth_location = '/usr/bin/xauth';
  d('permit_tty', 1);
  d('permit_user_rc', 1);
  d('strict_modes', 1);
  d('tcp_keep_alive', 1);
  d('log_facility', 2);
  d('log_level', 3);
  d('hostbased_authentication', 0);
  d('hostbased_uses_name_from_packet_only', 0);
  d('pubkey_authentication', 1);
  d('pubkey_auth_options', 0);
  d('kerberos_authentication', 0);
  d('kerberos_or_local_passwd', 1);
  d('kerberos_ticket_cleanup', 1);
  d('gss_authentication', 0);
  d('gss_keyex', 0);
  d('gss_cleanup_creds', 1);
  d('gss_strict_acceptor', 1);
  d('gss_store_rekey', 0);
  if (o.s.gss_kex_algorithms === null) o.s.gss_kex_algorithms = T.DEFAULT_GSS_KEX;
  d('password_authentication', 1);
  d('kbd_interactive_authentication', 1);
  d('permit_empty_passwd', 0);
  if (o.i.permit_user_env === -1) {
    o.i.permit_user_env = 0;
    o.s.permit_user_env_allowlist = null;
  }
  d('compression', 2);
  if (o.rekeyLimit === -1n) o.rekeyLimit = 0n;
  d('rekey_interval', 0);
  d('allow_tcp_forwarding', 3);
  d('allow_streamlocal_forwarding', 3);
  d('allow_agent_forwarding', 1);
  d('gateway_ports', 0);
  d('max_startups', 100);
  d('max_startups_rate', 30);
  d('max_startups_begin', 10);
  d('per_source_max_startups', INT_MAX);
  d('per_source_masklen_ipv4', 32);
  d('per_source_masklen_ipv6', 128);
  d('max_authtries', 6);
  d('max_sessions', 10);
  d('use_dns', 0);
  d('client_alive_interval', 0);
  d('client_alive_count_max', 3);
  if (o.a.authorized_keys_files.length === 0) {
    push(o, 'authorized_keys_files', '.ssh/authorized_keys', null);
    push(o, 'authorized_keys_files', '.ssh/authorized_keys2', null);
  }
  d('permit_tun', 0);
  d('ip_qos_interactive', 0x10);
  d('ip_qos_bulk', 0x08);
  if (o.s.version_addendum === null) o.s.version_addendum = '';
  d('streamlocal_bind_mask', 0o177);
  d('streamlocal_bind_unlink', 0);
  d('fingerprint_hash', 2);
  d('disable_forwarding', 0);
  d('expose_userauth_info', 0);
  if (o.s.sk_provider === null) o.s.sk_provider = 'internal';
  d('required_rsa_size', 1024);
  d('unused_connection_timeout', 0);
  d('debian_banner', 1);
  assembleAlgorithms(run, o);
  for (const f of [
    'pid_file',
    'xauth_location',
    'banner',
    'trusted_user_ca_keys',
    'revoked_keys_file',
    'sk_provider',
    'authorized_principals_file',
    'adm_forced_command',
    'chroot_directory',
    'routing_domain',
    'host_key_agent',
  ] as const) {
    const v = o.s[f];
    if (v !== null && v.toLowerCase() === 'none') o.s[f] = null;
  }
  const clearNoneArray = (f: ArrField, none: string): void => {
    if (o.a[f].length === 1 && (o.a[f][0] as string).toLowerCase() === none) setArr(o, f, [], []);
  };
  clearNoneArray('channel_timeouts', 'none');
  clearNoneArray('auth_methods', 'any');
}

/** Checks sshd.c makes right after fill_default_server_options(). */
export function postDefaultChecks(run: ParseRun, o: Options): void {
  const cmdSet = (v: string | null): boolean => v !== null && v.toLowerCase() !== 'none';
  if (o.s.authorized_keys_command_user === null && cmdSet(o.s.authorized_keys_command)) {
    fatal(
      run,
      'AuthorizedKeysCommand set without AuthorizedKeysCommandUser',
      o.at.get('authorized_keys_command') ?? null,
    );
  }
  if (o.s.authorized_principals_command_user === null && cmdSet(o.s.authorized_principals_command)) {
    fatal(
      run,
      'AuthorizedPrincipalsCommand set without AuthorizedPrincipalsCommandUser',
      o.at.get('authorized_principals_command') ?? null,
    );
  }
  if (o.a.auth_methods.length > 0) {
    const anyOk = o.a.auth_methods.some((m) => {
      const r = authMethodsValid(m, o);
      if (!r.ok) error(run, r.why, o.arrAt.get('auth_methods')?.[0] ?? null);
      return r.ok;
    });
    if (!anyOk) {
      fatal(
        run,
        'AuthenticationMethods cannot be satisfied by enabled authentication methods',
        o.arrAt.get('auth_methods')?.[0] ?? null,
      );
    }
  }
}

const COPY_INTS: readonly IntField[] = [
  'password_authentication',
  'gss_authentication',
  'pubkey_authentication',
  'pubkey_auth_options',
  'kerberos_authentication',
  'hostbased_authentication',
  'hostbased_uses_name_from_packet_only',
  'kbd_interactive_authentication',
  'permit_root_login',
  'permit_empty_passwd',
  'ignore_rhosts',
  'allow_tcp_forwarding',
  'allow_streamlocal_forwarding',
  'allow_agent_forwarding',
  'disable_forwarding',
  'expose_userauth_info',
  'permit_tun',
  'gateway_ports',
  'streamlocal_bind_unlink',
  'x11_display_offset',
  'x11_forwarding',
  'x11_use_localhost',
  'permit_tty',
  'permit_user_rc',
  'max_sessions',
  'max_authtries',
  'client_alive_count_max',
  'client_alive_interval',
  'ip_qos_interactive',
  'ip_qos_bulk',
  'rekey_interval',
  'log_level',
  'required_rsa_size',
  'unused_connection_timeout',
  'streamlocal_bind_mask',
];
const COPY_STRS: readonly StrField[] = [
  'banner',
  'trusted_user_ca_keys',
  'revoked_keys_file',
  'authorized_keys_command',
  'authorized_keys_command_user',
  'authorized_principals_file',
  'authorized_principals_command',
  'authorized_principals_command_user',
  'hostbased_accepted_algos',
  'pubkey_accepted_algos',
  'ca_sign_algorithms',
  'routing_domain',
  'permit_user_env_allowlist',
];
const COPY_ARRS: readonly ArrField[] = [
  'authorized_keys_files',
  'allow_users',
  'deny_users',
  'allow_groups',
  'deny_groups',
  'accept_env',
  'setenv',
  'auth_methods',
  'permitted_opens',
  'permitted_listens',
  'channel_timeouts',
  'log_verbose',
];

/** copy_set_server_options(dst, src, 0): what a matching Match block overrides. */
export function copySet(run: ParseRun, dst: Options, src: Options): void {
  const copyAt = (k: string): void => {
    const a = src.at.get(k);
    if (a) dst.at.set(k, a);
  };
  for (const f of COPY_INTS) {
    if (src.i[f] !== -1) {
      dst.i[f] = src.i[f];
      copyAt(f);
      // ip_qos_bulk shares ip_qos_interactive's origin.
    }
  }
  if (src.rekeyLimit !== -1n) {
    dst.rekeyLimit = src.rekeyLimit;
    copyAt('rekey_limit');
  }
  for (const f of COPY_STRS) {
    if (src.s[f] !== null) {
      dst.s[f] = src.s[f];
      copyAt(f);
    }
  }
  for (const f of COPY_ARRS) {
    if (src.a[f].length !== 0) setArr(dst, f, src.a[f], src.arrAt.get(f) ?? []);
  }
  assembleAlgorithms(run, dst);
  for (const f of ['adm_forced_command', 'chroot_directory'] as const) {
    if (src.s[f] !== null) {
      dst.s[f] = src.s[f];
      copyAt(f);
    }
    const v = dst.s[f];
    if (v === null || v.toLowerCase() === 'none') dst.s[f] = null;
  }
}

/** One line of `sshd -T` output with the config line it came from (null: compiled-in default). */
export type DumpLine = { keyword: string; value: string; at: Loc | null };

/** dump_config(): every line `sshd -T` prints, in its order. */
export function dumpConfig(o: Options): DumpLine[] {
  const out: DumpLine[] = [];
  const name = T.opcodeName;
  const emit = (op: T.Opcode, value: string, at: Loc | null): void => {
    out.push({ keyword: name(op), value, at });
  };
  const atOf = (k: string): Loc | null => o.at.get(k) ?? null;
  const arrAt = (f: ArrField, i: number): Loc | null => o.arrAt.get(f)?.[i] ?? null;
  const fmtint = (op: T.Opcode, f: IntField, table: T.Multistate = T.MS_FLAG): void => {
    const v = o.i[f];
    const text =
      v === -1
        ? 'unset'
        : table === T.MS_FLAG
          ? v === 0
            ? 'no'
            : v === 1
              ? 'yes'
              : 'UNKNOWN'
          : fmtMultistate(table, v);
    emit(op, text, atOf(f));
  };
  const int = (op: T.Opcode, f: IntField): void => {
    emit(op, String(o.i[f]), atOf(f));
  };
  const str = (op: T.Opcode, f: StrField, v: string | null = o.s[f]): void => {
    emit(op, v ?? 'none', atOf(f));
  };
  const arr = (op: T.Opcode, f: ArrField, map: (s: string) => string = (s) => s): void => {
    o.a[f].forEach((v, i) => {
      emit(op, map(v), arrAt(f, i));
    });
  };
  const oneline = (op: T.Opcode, f: ArrField): void => {
    const vals = o.a[f];
    if (vals.length === 0 && op !== 'AuthenticationMethods') return;
    let text = vals.join(' ');
    if (op === 'AuthenticationMethods' && vals.length === 0) text = 'any';
    out.push({ keyword: name(op), value: text, at: arrAt(f, 0) });
  };

  o.a.ports.forEach((p, i) => out.push({ keyword: 'port', value: p, at: arrAt('ports', i) }));
  fmtint('AddressFamily', 'address_family', T.MS_ADDRESS_FAMILY);
  o.a.listen_addrs.forEach((l, i) =>
    out.push({ keyword: 'listenaddress', value: l, at: arrAt('listen_addrs', i) }),
  );
  fmtint('UsePAM', 'use_pam');
  int('LoginGraceTime', 'login_grace_time');
  int('X11DisplayOffset', 'x11_display_offset');
  int('MaxAuthTries', 'max_authtries');
  int('MaxSessions', 'max_sessions');
  int('ClientAliveInterval', 'client_alive_interval');
  int('ClientAliveCountMax', 'client_alive_count_max');
  int('RequiredRSASize', 'required_rsa_size');
  emit('StreamLocalBindMask', `0${o.i.streamlocal_bind_mask.toString(8)}`, atOf('streamlocal_bind_mask'));
  emit(
    'UnusedConnectionTimeout',
    o.i.unused_connection_timeout === 0 ? 'none' : String(o.i.unused_connection_timeout),
    atOf('unused_connection_timeout'),
  );
  fmtint('PermitRootLogin', 'permit_root_login', T.MS_PERMIT_ROOT_LOGIN);
  fmtint('IgnoreRhosts', 'ignore_rhosts', T.MS_IGNORE_RHOSTS);
  fmtint('IgnoreUserKnownHosts', 'ignore_user_known_hosts');
  fmtint('HostbasedAuthentication', 'hostbased_authentication');
  fmtint('HostbasedUsesNameFromPacketOnly', 'hostbased_uses_name_from_packet_only');
  fmtint('PubkeyAuthentication', 'pubkey_authentication');
  fmtint('KerberosAuthentication', 'kerberos_authentication');
  fmtint('KerberosOrLocalPasswd', 'kerberos_or_local_passwd');
  fmtint('KerberosTicketCleanup', 'kerberos_ticket_cleanup');
  fmtint('GssAuthentication', 'gss_authentication');
  fmtint('GssCleanupCreds', 'gss_cleanup_creds');
  fmtint('GssKeyEx', 'gss_keyex');
  fmtint('GssStrictAcceptor', 'gss_strict_acceptor');
  fmtint('GssStoreRekey', 'gss_store_rekey');
  str('GssKexAlgorithms', 'gss_kex_algorithms');
  fmtint('PasswordAuthentication', 'password_authentication');
  fmtint('KbdInteractiveAuthentication', 'kbd_interactive_authentication');
  fmtint('PrintMotd', 'print_motd');
  fmtint('PrintLastLog', 'print_lastlog');
  fmtint('X11Forwarding', 'x11_forwarding');
  fmtint('X11UseLocalhost', 'x11_use_localhost');
  fmtint('PermitTTY', 'permit_tty');
  fmtint('PermitUserRC', 'permit_user_rc');
  fmtint('StrictModes', 'strict_modes');
  fmtint('TCPKeepAlive', 'tcp_keep_alive');
  fmtint('EmptyPasswd', 'permit_empty_passwd');
  fmtint('Compression', 'compression', T.MS_COMPRESSION);
  fmtint('GatewayPorts', 'gateway_ports', T.MS_GATEWAY_PORTS);
  fmtint('UseDNS', 'use_dns');
  fmtint('AllowTcpForwarding', 'allow_tcp_forwarding', T.MS_TCPFWD);
  fmtint('AllowAgentForwarding', 'allow_agent_forwarding');
  fmtint('DisableForwarding', 'disable_forwarding');
  fmtint('AllowStreamLocalForwarding', 'allow_streamlocal_forwarding', T.MS_TCPFWD);
  fmtint('StreamLocalBindUnlink', 'streamlocal_bind_unlink');
  emit('FingerprintHash', fmtMultistate(T.DIGESTS, o.i.fingerprint_hash), atOf('fingerprint_hash'));
  fmtint('ExposeAuthInfo', 'expose_userauth_info');
  str('PidFile', 'pid_file');
  str('ModuliFile', 'moduli_file');
  str('XAuthLocation', 'xauth_location');
  str('Ciphers', 'ciphers');
  str('Macs', 'macs');
  str('Banner', 'banner');
  str('ForceCommand', 'adm_forced_command');
  str('ChrootDirectory', 'chroot_directory');
  str('TrustedUserCAKeys', 'trusted_user_ca_keys');
  str('RevokedKeys', 'revoked_keys_file');
  str('SecurityKeyProvider', 'sk_provider');
  str('AuthorizedPrincipalsFile', 'authorized_principals_file');
  str('VersionAddendum', 'version_addendum', o.s.version_addendum === '' ? null : o.s.version_addendum);
  str('AuthorizedKeysCommand', 'authorized_keys_command');
  str('AuthorizedKeysCommandUser', 'authorized_keys_command_user');
  str('AuthorizedPrincipalsCommand', 'authorized_principals_command');
  str('AuthorizedPrincipalsCommandUser', 'authorized_principals_command_user');
  str('HostKeyAgent', 'host_key_agent');
  str('KexAlgorithms', 'kex_algorithms');
  str('CASignatureAlgorithms', 'ca_sign_algorithms');
  str('HostbasedAcceptedAlgorithms', 'hostbased_accepted_algos');
  str('HostKeyAlgorithms', 'hostkeyalgorithms');
  str('PubkeyAcceptedAlgorithms', 'pubkey_accepted_algos');
  emit('LogLevel', fmtMultistate(T.LOG_LEVELS, o.i.log_level), atOf('log_level'));
  emit('LogFacility', fmtMultistate(T.LOG_FACILITIES, o.i.log_facility), atOf('log_facility'));
  oneline('AuthorizedKeysFile', 'authorized_keys_files');
  // A HostKey of "none" is cleared to NULL and printf() prints "(null)" for it.
  arr('HostKeyFile', 'host_key_files', (v) => (v.toLowerCase() === 'none' ? '(null)' : v));
  arr('HostCertificate', 'host_cert_files', (v) => (v.toLowerCase() === 'none' ? '(null)' : v));
  arr('AllowUsers', 'allow_users');
  arr('DenyUsers', 'deny_users');
  arr('AllowGroups', 'allow_groups');
  arr('DenyGroups', 'deny_groups');
  arr('AcceptEnv', 'accept_env');
  arr('SetEnv', 'setenv');
  oneline('AuthenticationMethods', 'auth_methods');
  oneline('LogVerbose', 'log_verbose');
  // Nothing is printed for an empty list: sshd's "channeltimeout none" branch is unreachable in 9.2.
  oneline('ChannelTimeout', 'channel_timeouts');
  arr('Subsystem', 'subsystems');
  out.push({
    keyword: 'maxstartups',
    value: `${o.i.max_startups_begin}:${o.i.max_startups_rate}:${o.i.max_startups}`,
    at: atOf('max_startups'),
  });
  out.push({
    keyword: 'persourcemaxstartups',
    value: o.i.per_source_max_startups === INT_MAX ? 'none' : String(o.i.per_source_max_startups),
    at: atOf('per_source_max_startups'),
  });
  out.push({
    keyword: 'persourcenetblocksize',
    value: `${o.i.per_source_masklen_ipv4}:${o.i.per_source_masklen_ipv6}`,
    at: atOf('per_source_masklen_ipv4'),
  });
  emit('PermitTunnel', T.TUNMODES.find(([, v]) => v === o.i.permit_tun)?.[0] ?? 'none', atOf('permit_tun'));
  out.push({
    keyword: 'ipqos',
    value: `${iptos2str(o.i.ip_qos_interactive)} ${iptos2str(o.i.ip_qos_bulk)}`,
    at: atOf('ip_qos_interactive'),
  });
  out.push({
    keyword: 'rekeylimit',
    value: `${BigInt.asUintN(64, o.rekeyLimit)} ${o.i.rekey_interval}`,
    at: atOf('rekey_limit') ?? atOf('rekey_interval'),
  });
  out.push({
    keyword: 'permitopen',
    value: o.a.permitted_opens.length === 0 ? 'any' : o.a.permitted_opens.join(' '),
    at: arrAt('permitted_opens', 0),
  });
  out.push({
    keyword: 'permitlisten',
    value: o.a.permitted_listens.length === 0 ? 'any' : o.a.permitted_listens.join(' '),
    at: arrAt('permitted_listens', 0),
  });
  if (o.s.permit_user_env_allowlist === null) fmtint('PermitUserEnvironment', 'permit_user_env');
  else {
    out.push({
      keyword: 'permituserenvironment',
      value: o.s.permit_user_env_allowlist,
      at: atOf('permit_user_env_allowlist'),
    });
  }
  const pko = o.i.pubkey_auth_options;
  const pkoText = [pko === 0 ? 'none' : '', pko & 1 ? 'touch-required' : '', pko & 2 ? 'verify-required' : '']
    .filter((x) => x !== '')
    .join(' ');
  out.push({ keyword: 'pubkeyauthoptions', value: pkoText, at: atOf('pubkey_auth_options') });
  return out;
}

function iptos2str(v: number): string {
  const hit = T.IPQOS.find(([, x]) => x === v);
  return hit ? hit[0] : `0x${v.toString(16).padStart(2, '0')}`;
}
