// The structure of an `iptables-save` / `ip6tables-save` dump: tables, chains with their policies, and
// rules as token lists with their line numbers. Evaluating packets against it belongs to the exposure
// analysis; this module only reads the format and reports what it cannot read.
import type { Diagnostic } from '../../model/diagnostic.js';

export type IptablesRule = { chain: string; tokens: string[]; line: number; target?: string; goto: boolean };
export type IptablesChain = { name: string; policy: string | null; line: number };
export type IptablesTable = { name: string; chains: Map<string, IptablesChain>; rules: IptablesRule[] };
export type LoadedRuleset = { tables: Map<string, IptablesTable>; file: string };

/** Splits a rule line the way iptables-save quotes it: double quotes group, backslash escapes a quote. */
function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '\\' && line[i + 1] === '"') {
      cur += '"';
      i++;
      has = true;
    } else if (c === '"') {
      inQuote = !inQuote;
      has = true;
    } else if (!inQuote && (c === ' ' || c === '\t')) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** Beyond this many, unreadable lines are counted, not listed: a random file must not flood the report. */
const MAX_LINE_DIAGNOSTICS = 20;

export function parseIptablesSave(
  text: string,
  file: string,
): { ruleset: LoadedRuleset; diagnostics: Diagnostic[]; complete: boolean } {
  const tables = new Map<string, IptablesTable>();
  const diagnostics: Diagnostic[] = [];
  let current: IptablesTable | undefined;
  let badLines = 0;
  const bad = (line: number, message: string) => {
    badLines++;
    if (badLines <= MAX_LINE_DIAGNOSTICS) {
      diagnostics.push({ severity: 'warning', code: 'iptables-save-syntax', message, file, line });
    }
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      const name = line.slice(1);
      current = tables.get(name) ?? { name, chains: new Map(), rules: [] };
      tables.set(name, current);
      return;
    }
    if (line === 'COMMIT') {
      current = undefined;
      return;
    }
    if (current === undefined) {
      bad(n, 'line outside a table (no *table header before it)');
      return;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)/.exec(line);
      if (!m?.[1] || !m[2]) {
        bad(n, 'unreadable chain declaration');
        return;
      }
      current.chains.set(m[1], { name: m[1], policy: m[2] === '-' ? null : m[2], line: n });
      return;
    }
    const tokens = tokenize(line);
    if ((tokens[0] === '-A' || tokens[0] === '-I') && tokens[1] !== undefined) {
      const j = tokens.findIndex((t) => t === '-j' || t === '-g');
      const target = j >= 0 ? tokens[j + 1] : undefined;
      current.rules.push({
        chain: tokens[1],
        tokens: tokens.slice(2),
        line: n,
        goto: j >= 0 && tokens[j] === '-g',
        ...(target === undefined ? {} : { target }),
      });
      return;
    }
    // Cut by code points, so a cut never leaves half a surrogate pair in the report.
    bad(n, `unrecognised line: ${Array.from(line).slice(0, 60).join('')}`);
  });
  if (badLines > MAX_LINE_DIAGNOSTICS) {
    diagnostics.push({
      severity: 'warning',
      code: 'iptables-save-syntax',
      message: `${badLines - MAX_LINE_DIAGNOSTICS} more unrecognised lines not listed`,
      file,
    });
  }
  // A dump cut off inside a table (no COMMIT) may be missing the very rules that matter.
  const complete = current === undefined && tables.size > 0;
  if (!complete) {
    diagnostics.push({
      severity: 'error',
      code: 'iptables-save-truncated',
      message:
        tables.size === 0
          ? 'no table in the dump: not iptables-save output'
          : `table ${current?.name ?? ''} has no COMMIT: the dump is truncated`,
      file,
    });
  }
  return { ruleset: { tables, file }, diagnostics, complete };
}

/** Whether ufw's chains are wired into the kernel's INPUT chain, i.e. ufw is enforcing right now. */
export function ufwChainsLoaded(ruleset: LoadedRuleset): boolean {
  const filter = ruleset.tables.get('filter');
  if (filter === undefined) return false;
  return filter.rules.some((r) => r.chain === 'INPUT' && r.target === 'ufw-before-input');
}
