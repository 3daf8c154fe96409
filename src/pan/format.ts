// The find-pan report: JSON (versioned) and terminal text. Both show what the findings hold and nothing
// more: brand, length, last four (BIN only on request), a keyed fingerprint and masked snippets.
import type { Diagnostic } from '../model/diagnostic.js';
import { BRAND_LABELS } from './brands.js';
import type { PanFinding, ScanStats } from './types.js';

export const PAN_REPORT_SCHEMA = 'cdeguard.find-pan/1';

export type PanReport = {
  schema: typeof PAN_REPORT_SCHEMA;
  tool: { name: string; version: string };
  /** Where the fingerprint key came from: fingerprints only compare across reports with the same key. */
  fingerprintKey: 'environment' | 'file' | 'random-per-run' | 'caller';
  minConfidence: string;
  findings: PanFinding[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
};

export function formatPanJson(report: PanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function painter(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
  };
}

function location(f: PanFinding): string {
  const where = f.line > 0 ? `${f.file}:${f.line}` : f.file;
  return `${where} (${f.compressed ? 'inflated ' : ''}byte ${f.byteOffset}${f.encoding ? `, ${f.encoding}` : ''})`;
}

export function formatPanTerminal(report: PanReport, opts: { color: boolean }): string {
  const p = painter(opts.color);
  const out: string[] = [];
  for (const f of report.findings) {
    const conf =
      f.confidence === 'high'
        ? p.red('HIGH  ')
        : f.confidence === 'medium'
          ? p.yellow('MEDIUM')
          : p.dim('LOW   ');
    const tags = [
      f.kind === 'pan' ? '' : f.kind === 'track1' ? 'track 1 data' : 'track 2 data',
      f.sad ? 'sensitive authentication data' : '',
      f.testCard ? 'published test card' : '',
    ].filter((t) => t !== '');
    out.push(
      `${conf} ${p.bold(`${BRAND_LABELS[f.brand]} ${f.masked}`)} (${f.length} digits)${tags.length > 0 ? `  ${tags.join(', ')}` : ''}`,
    );
    out.push(`       ${location(f)}  fingerprint ${f.fingerprint}`);
    out.push(
      `       ${p.dim(`why: ${f.reasons.join(', ') || 'issuer range and Luhn'}${f.field ? `; field "${f.field}"` : ''}`)}`,
    );
    out.push(`       ${p.dim(`| ${f.snippet}`)}`);
  }
  if (report.diagnostics.length > 0) {
    if (out.length > 0) out.push('');
    out.push(p.bold('Not scanned or not fully scanned:'));
    for (const d of report.diagnostics) {
      out.push(`  ${d.severity.padEnd(7)} ${d.file ?? '-'}: ${d.message} [${d.code}]`);
    }
  }
  const s = report.stats;
  if (out.length > 0) out.push('');
  const mb = (s.bytesScanned / 1e6).toFixed(1);
  const secs = (s.durationMs / 1000).toFixed(1);
  if (s.findings === 0) {
    out.push(
      p.green(`No card numbers found`) +
        ` in ${s.files} file${s.files === 1 ? '' : 's'} (${mb} MB, ${secs} s).`,
    );
  } else {
    const tests = report.findings.filter((f) => f.testCard).length;
    out.push(
      p.bold(
        `${s.findings} card number${s.findings === 1 ? '' : 's'} found (${s.distinctNumbers} distinct${tests > 0 ? `, ${tests} published test numbers` : ''})`,
      ) +
        ` in ${s.files} file${s.files === 1 ? '' : 's'} (${mb} MB, ${secs} s). PCI DSS 3.2.1, 3.3.1, 3.5.1, 12.10.7.`,
    );
  }
  if (s.belowThreshold > 0) {
    out.push(
      p.dim(
        `${s.belowThreshold} more numbers pass issuer and Luhn checks but look like ids or timestamps (below --min-confidence ${report.minConfidence}).`,
      ),
    );
  }
  if (report.fingerprintKey === 'random-per-run') {
    out.push(
      p.dim('Fingerprints use a random key for this run only (set CDEGUARD_PAN_KEY to compare runs).'),
    );
  }
  return `${out.join('\n')}\n`;
}
