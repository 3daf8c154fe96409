// ufw's configuration as read offline from /etc/ufw/ufw.conf, /etc/default/ufw and user.rules / user6.rules.
// This is what ufw will load at boot; whether it is loaded now is judged from the collected ruleset.
import type { Diagnostic } from '../../model/diagnostic.js';
import type { FileTree } from '../file-tree.js';

export type UfwSetting = { value: string; file: string; line: number };

export type UfwRule = {
  /** `allow`, `deny`, `reject`, `limit`, optionally with `_log`/`_log-all`, or `route:allow` etc. */
  action: string;
  protocol: string;
  dport: string;
  dst: string;
  sport: string;
  src: string;
  direction: string;
  comment?: string;
  family: 4 | 6;
  file: string;
  line: number;
};

export type UfwConfig = {
  /** `ENABLED` from ufw.conf; undefined when the file has no such line (ufw then treats it as disabled). */
  enabled: UfwSetting | undefined;
  defaults: {
    input?: UfwSetting;
    output?: UfwSetting;
    forward?: UfwSetting;
    ipv6?: UfwSetting;
  };
  rules: UfwRule[];
};

export const UFW_CONF = '/etc/ufw/ufw.conf';
export const UFW_DEFAULTS = '/etc/default/ufw';

/** Shell-style `KEY=value` / `KEY="value"` assignments, as ufw reads them. */
function readAssignments(text: string, file: string): Map<string, UfwSetting> {
  const out = new Map<string, UfwSetting>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) return;
    let value = m[2].trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    // ufw reads these files with its own parser where a later assignment replaces an earlier one.
    out.set(m[1], { value, file, line: i + 1 });
  });
  return out;
}

function hexDecode(hex: string): string | undefined {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return undefined;
  return Buffer.from(hex, 'hex').toString('utf8');
}

function readTuples(text: string, file: string, family: 4 | 6, diagnostics: Diagnostic[]): UfwRule[] {
  const rules: UfwRule[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^### tuple ### (.*)$/.exec(raw.trim());
    if (!m?.[1]) return;
    const fields = m[1].trim().split(/\s+/);
    let comment: string | undefined;
    const last = fields[fields.length - 1];
    if (last?.startsWith('comment=')) {
      comment = hexDecode(last.slice('comment='.length));
      fields.pop();
    }
    // Tuples have 7 fields, or 9 when application names are present: action proto dport dst sport src [dapp sapp] direction
    if (fields.length !== 7 && fields.length !== 9) {
      diagnostics.push({
        severity: 'warning',
        code: 'ufw-tuple',
        message: `unrecognised ufw rule tuple (${fields.length} fields)`,
        file,
        line: i + 1,
      });
      return;
    }
    const [action, protocol, dport, dst, sport, src] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const direction = fields[fields.length - 1] ?? 'in';
    rules.push({
      action,
      protocol,
      dport,
      dst,
      sport,
      src,
      direction,
      family,
      file,
      line: i + 1,
      ...(comment === undefined ? {} : { comment }),
    });
  });
  return rules;
}

/**
 * Reads ufw's offline configuration. Returns undefined when ufw.conf was not collected (ufw not
 * installed, or not part of the bundle).
 */
export function parseUfwConfig(tree: FileTree): { config: UfwConfig; diagnostics: Diagnostic[] } | undefined {
  const conf = tree.read(UFW_CONF);
  if (conf === undefined) return undefined;
  const diagnostics: Diagnostic[] = [];
  const confValues = readAssignments(conf.content, conf.bundlePath ?? conf.path);
  const defaultsFile = tree.read(UFW_DEFAULTS);
  const defaults = defaultsFile
    ? readAssignments(defaultsFile.content, defaultsFile.bundlePath ?? defaultsFile.path)
    : new Map<string, UfwSetting>();
  if (defaultsFile === undefined) {
    diagnostics.push({
      severity: 'warning',
      code: 'ufw-defaults-missing',
      message: `${UFW_DEFAULTS} was not collected; ufw's default policies are unknown`,
    });
  }
  const rules: UfwRule[] = [];
  for (const [path, family] of [
    ['/etc/ufw/user.rules', 4],
    ['/etc/ufw/user6.rules', 6],
  ] as const) {
    const f = tree.read(path);
    if (f) rules.push(...readTuples(f.content, f.bundlePath ?? f.path, family, diagnostics));
  }
  const pick = (k: string) => defaults.get(k);
  const d: UfwConfig['defaults'] = {};
  const input = pick('DEFAULT_INPUT_POLICY');
  const output = pick('DEFAULT_OUTPUT_POLICY');
  const forward = pick('DEFAULT_FORWARD_POLICY');
  const ipv6 = pick('IPV6');
  if (input) d.input = input;
  if (output) d.output = output;
  if (forward) d.forward = forward;
  if (ipv6) d.ipv6 = ipv6;
  return { config: { enabled: confValues.get('ENABLED'), defaults: d, rules }, diagnostics };
}

/** ufw treats only the exact word `yes` (case-insensitively) as enabled. */
export function ufwEnabled(config: UfwConfig): boolean {
  return config.enabled?.value.toLowerCase() === 'yes';
}

/** DROP and REJECT both deny; ufw writes them upper-case, `ufw default deny` writes DROP. */
export function policyDenies(setting: UfwSetting | undefined): boolean | undefined {
  if (setting === undefined) return undefined;
  const v = setting.value.toUpperCase();
  if (v === 'DROP' || v === 'REJECT') return true;
  if (v === 'ACCEPT') return false;
  return undefined;
}
