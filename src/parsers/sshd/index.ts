// Computes sshd's effective configuration from a collected file tree exactly as Debian 12's OpenSSH 9.2p1
// does (`sshd -T`, optionally `-C`), with the file:line that each value came from.
import type { Diagnostic } from '../../model/diagnostic.js';
import type { FileTree } from '../file-tree.js';
import { loadHostDb } from './host-db.js';
import { evaluateMatchBlocks, SshdTooLargeError } from './match-blocks.js';
import { OPENSSH_PRODUCT } from './openssh-9-2p1.js';
import {
  cloneOptions,
  copySet,
  dumpConfig,
  fillDefaults,
  initOptions,
  loadConfigText,
  newParseRun,
  parseServerConfig,
  postDefaultChecks,
  SshdFatalError,
  type ConnInfo,
  type DumpLine,
  type IncludeCache,
  type Loc,
  type ParseRun,
} from './servconf.js';

export { parseSshdTOutput } from './sshd-t-output.js';

/**
 * Where an effective value comes from: a config line, or OpenSSH's compiled-in default. A value given on
 * sshd's command line (SshdParseOptions.hostKeyFiles, i.e. `-h`) is reported as sshd names it:
 * file `[command-line]`, line 0.
 */
export type SshdOrigin = { file: string; line: number } | { default: true; product: string; note: string };

export type SshdSetting = {
  /** Lower-case, as `sshd -T` prints it. */
  keyword: string;
  /** One entry per printed line, formatted exactly as `sshd -T` prints it. */
  values: string[];
  /** Origin of the first value; for accumulating keywords see valueOrigins. */
  origin: SshdOrigin;
  /** Origin of each value, parallel to `values` (differs per line for Port, HostKey, AcceptEnv, …). */
  valueOrigins: SshdOrigin[];
};

export type SshdMatchBlock = {
  /** The criteria as written after `Match`. */
  criteria: string;
  file: string;
  line: number;
  /** The Match whose conditional Include brought this block in, if any: it only applies when both match. */
  within: { file: string; line: number } | null;
  /** Only what the block sets, formatted as `sshd -T -C` prints it when the block applies (first match wins). */
  settings: SshdSetting[];
};

export type SshdConfig = {
  /**
   * Every keyword `sshd -T` prints, in its order. Without `connection` this is plain `sshd -T`: the global
   * section plus `Match All` blocks (sshd applies those too); with `connection` it is `sshd -T -C …`.
   */
  settings: ReadonlyMap<string, SshdSetting>;
  /** Every Match block, in file order (Match blocks of included files where the Include line stands). */
  matchBlocks: SshdMatchBlock[];
  /** Files read, in order. */
  files: string[];
};

export type SshdParseResult =
  | { ok: true; config: SshdConfig; diagnostics: Diagnostic[] }
  | {
      ok: false;
      /**
       * sshd would not start (or `sshd -T` would fail). `message` is what sshd prints on stderr; file and line
       * are the first line it complains about (line 0: not tied to one line). With `tooLarge`, sshd was not
       * the problem: evaluating what each Match block sets would exceed the parser's work limit (message
       * "configuration too large to evaluate: …", file and line of the Match block where it would).
       */
      error: { message: string; file: string; line: number; testModeOnly?: boolean; tooLarge?: boolean };
      diagnostics: Diagnostic[];
    };

/** A connection as for `sshd -T -C user=…,host=…,addr=…,laddr=…,lport=…`; omitted fields stay unset. */
export type SshdConnection = {
  user?: string;
  host?: string;
  addr?: string;
  laddr?: string;
  lport?: number;
  rdomain?: string;
};

export type SshdParseOptions = {
  /** Main file, default /etc/ssh/sshd_config. */
  mainPath?: string;
  /** Apply the Match blocks this connection satisfies, as `sshd -T -C` does. */
  connection?: SshdConnection;
  /** Host keys given with `sshd -h`: listed first, and they suppress the default HostKey list. */
  hostKeyFiles?: string[];
};

const DEFAULT_NOTE = 'compiled-in default of Debian 12 openssh-server 1:9.2p1-2+deb12u10';

function toOrigin(at: Loc | null): SshdOrigin {
  if (at === null) return { default: true, product: OPENSSH_PRODUCT, note: DEFAULT_NOTE };
  return { file: at.file, line: at.line };
}

function group(lines: DumpLine[]): Map<string, SshdSetting> {
  const map = new Map<string, SshdSetting>();
  for (const l of lines) {
    const o = toOrigin(l.at);
    const s = map.get(l.keyword);
    if (s) {
      s.values.push(l.value);
      s.valueOrigins.push(o);
    } else map.set(l.keyword, { keyword: l.keyword, values: [l.value], origin: o, valueOrigins: [o] });
  }
  return map;
}

function toConnInfo(c: SshdConnection | undefined): ConnInfo {
  return {
    user: c?.user ?? null,
    host: c?.host ?? null,
    address: c?.addr ?? null,
    laddress: c?.laddr ?? null,
    lport: c?.lport ?? 0,
    rdomain: c?.rdomain ?? null,
  };
}

/** Computes sshd's effective configuration. Never throws. */
export function parseSshdConfig(tree: FileTree, options: SshdParseOptions = {}): SshdParseResult {
  return parseSshdConfigWith(tree, options, {});
}

/**
 * parseSshdConfig() with the Match block evaluation's own options: `reference` evaluates every block with
 * its own pass (the definition; no work limit), `workLimit` overrides MATCH_WORK_LIMIT. For tests.
 */
export function parseSshdConfigWith(
  tree: FileTree,
  options: SshdParseOptions,
  matchEval: { reference?: boolean; workLimit?: number },
): SshdParseResult {
  const mainPath = options.mainPath ?? '/etc/ssh/sshd_config';
  const diagnostics: Diagnostic[] = [];
  const bundlePath = (file: string): string => tree.read(file)?.bundlePath ?? file;
  let firstRun: ParseRun | null = null;
  try {
    const main = tree.read(mainPath);
    if (!main) {
      const message = `${mainPath}: No such file or directory`;
      diagnostics.push({ severity: 'error', code: 'sshd-config-missing', message, file: mainPath });
      return { ok: false, error: { message, file: mainPath, line: 0 }, diagnostics };
    }
    const base = { tree, db: loadHostDb(tree), includes: new Map() as IncludeCache };
    const contents = loadConfigText(main.content);
    const run1 = newParseRun(base, null, null);
    firstRun = run1;
    run1.files.push(mainPath);
    const o = initOptions();
    for (const hk of options.hostKeyFiles ?? []) {
      o.a.host_key_files.push(hk);
      o.arrAt.set('host_key_files', [
        ...(o.arrAt.get('host_key_files') ?? []),
        { file: '[command-line]', line: 0, block: null },
      ]);
    }
    parseServerConfig(run1, o, mainPath, contents);
    fillDefaults(run1, o);
    postDefaultChecks(run1, o);
    for (const l of run1.log) {
      if (l.level !== 'info' || !l.at) continue;
      const unsupported = l.text.includes(': Unsupported option ');
      diagnostics.push({
        severity: 'warning',
        code: unsupported ? 'sshd-unsupported-option' : 'sshd-deprecated-option',
        message: l.text,
        file: bundlePath(l.at.file),
        line: l.at.line,
      });
    }
    for (const v of o.a.listen_addrs) {
      if (/^[0-9.]+:\d+$/.test(v) || v.startsWith('[')) continue;
      diagnostics.push({
        severity: 'warning',
        code: 'sshd-listenaddress-hostname',
        message: `ListenAddress ${v}: sshd resolves host names with DNS at start-up; shown unresolved`,
      });
    }
    const global = cloneOptions(o);

    // Second pass, as sshd -T does: Match blocks that apply to the (possibly empty) connection override.
    const run2 = newParseRun(base, toConnInfo(options.connection), null);
    const mo = initOptions();
    parseServerConfig(run2, mo, mainPath, contents);
    copySet(run2, o, mo);
    const settings = group(dumpConfig(o));

    const perBlock = evaluateMatchBlocks(
      {
        base,
        mainPath,
        contents,
        global,
        blocks: run1.blocks,
        lines: run1.lines,
      },
      matchEval,
    );
    const firstByKey = new Map<string, ParseRun['blocks'][number]>();
    for (const b of run1.blocks) if (!firstByKey.has(b.key)) firstByKey.set(b.key, b);
    const matchBlocks = run1.blocks.map((b, i): SshdMatchBlock => {
      const within = b.within === null ? null : (firstByKey.get(b.within) ?? null);
      return {
        criteria: b.criteria,
        file: b.file,
        line: b.line,
        within: within ? { file: within.file, line: within.line } : null,
        settings: [...group(perBlock[i] ?? []).values()],
      };
    });
    return { ok: true, config: { settings, matchBlocks, files: run1.files }, diagnostics };
  } catch (e) {
    if (e instanceof SshdTooLargeError) {
      diagnostics.push({
        severity: 'error',
        code: 'sshd-config-too-large',
        message: e.message,
        file: bundlePath(e.file),
        line: e.line,
      });
      return {
        ok: false,
        error: { message: e.message, file: e.file, line: e.line, tooLarge: true },
        diagnostics,
      };
    }
    if (e instanceof SshdFatalError) {
      const log = firstRun?.log ?? [];
      const errors = log.filter((l) => l.level === 'error');
      const located = errors.find((l) => l.at !== null && l.at.line > 0)?.at ?? e.at ?? null;
      const file = located?.file ?? mainPath;
      const line = located?.line ?? 0;
      const message = [...errors.map((l) => l.text), e.message].join('\n');
      diagnostics.push({
        severity: 'error',
        code: 'sshd-config-fatal',
        message,
        file: bundlePath(file),
        line,
      });
      return {
        ok: false,
        error: { message, file, line, ...(e.testModeOnly ? { testModeOnly: true } : {}) },
        diagnostics,
      };
    }
    const message = `internal parser error: ${e instanceof Error ? e.message : String(e)}`;
    diagnostics.push({ severity: 'error', code: 'sshd-parser-internal', message, file: mainPath });
    return { ok: false, error: { message, file: mainPath, line: 0 }, diagnostics };
  }
}

/** The `sshd -T` text of a configuration: same lines, same order. */
export function renderSshdT(config: SshdConfig): string {
  const out: string[] = [];
  for (const s of config.settings.values()) for (const v of s.values) out.push(`${s.keyword} ${v}`);
  return `${out.join('\n')}\n`;
}
