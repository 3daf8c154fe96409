// The terminal summary: requirement statuses first (what an assessor asks), then every failing finding
// with its evidence and fix, then what could not be tested and why.
import type { Finding, Severity } from '../checks/kit.js';
import { describeSource } from '../model/observed.js';
import type { RequirementStatus } from '../pci/rollup.js';
import type { Report } from './report.js';

export type TerminalOptions = { color: boolean; verbose?: boolean };

const STATUS_WORDS: Record<RequirementStatus, string> = {
  not_in_place: 'Not in Place',
  not_tested: 'Not Tested',
  in_place: 'In Place',
  not_applicable: 'Not Applicable',
};

/** Pads or shortens to `width` columns, cutting at a word boundary with an ellipsis. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  const cut = text.slice(0, width - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > width / 2 ? cut.slice(0, space) : cut).trimEnd()}…`.padEnd(width);
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

function painter(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

export function formatTerminal(report: Report, opts: TerminalOptions): string {
  const p = painter(opts.color);
  const paintStatus = (s: RequirementStatus) => {
    const w = STATUS_WORDS[s].padEnd(14);
    return s === 'not_in_place'
      ? p.red(w)
      : s === 'in_place'
        ? p.green(w)
        : s === 'not_tested'
          ? p.yellow(w)
          : p.dim(w);
  };
  const lines: string[] = [];
  const saq = report.scope.saq === null ? 'SAQ not declared' : `SAQ ${report.scope.saq}`;
  lines.push(
    p.bold(`cdeguard ${report.tool.version} · ${report.standard} · bundle ${report.bundle.name} · ${saq}`),
  );
  if (report.bundle.collectedAt.length > 0) {
    lines.push(p.dim(`collected: ${report.bundle.collectedAt.map((c) => `${c.source} ${c.at}`).join('; ')}`));
  }
  if (!report.scope.declared)
    lines.push(p.yellow('scope: not declared in cdeguard.yaml, so every resource counts as in scope'));
  if (report.bundle.notCollected.length > 0) {
    lines.push(p.yellow(`not collected: ${report.bundle.notCollected.join('; ')}`));
  }

  lines.push('', p.bold('Requirements (PCI DSS v4.0.1)'));
  const principal = report.requirements.filter((r) => r.level === 1);
  for (const r of principal) {
    lines.push(`  ${r.id.padStart(2)}  ${fit(r.title, 58)}  ${paintStatus(r.status)}`);
    // Under each principal requirement, the sub-requirements cdeguard has automated checks for.
    for (const s of report.requirements.filter((x) => x.id.startsWith(`${r.id}.`) && x.checks.length > 0)) {
      lines.push(p.dim(`      ${s.id.padEnd(9)}`) + `${fit(s.title, 52)}  ${paintStatus(s.status)}`);
    }
  }
  const req = report.summary.requirements;
  lines.push(
    p.dim(
      `  ${req.total} requirements (the most specific ones): ${req.in_place} in place, ${req.not_in_place} not in place, ${req.not_tested} not tested (no evidence yet), ${req.not_applicable} not applicable`,
    ),
  );

  const failing = report.findings
    .filter((f) => f.status === 'fail' && f.counts)
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        a.checkId.localeCompare(b.checkId),
    );
  lines.push('', p.bold(`Failing (${failing.length})`));
  if (failing.length === 0) lines.push(p.green('  none'));
  for (const f of failing) lines.push(...findingLines(f, p));

  const outOfScope = report.findings.filter((f) => f.status === 'fail' && !f.counts);
  if (outOfScope.length > 0) {
    lines.push(
      '',
      p.dim(
        `${outOfScope.length} failing finding(s) on out-of-scope resources are in the JSON/SARIF output, not counted above.`,
      ),
    );
  }

  const unknown = report.findings.filter((f) => f.status === 'unknown' && f.counts);
  lines.push('', p.bold(`Not tested (${unknown.length})`));
  if (unknown.length === 0) lines.push(p.green('  none'));
  for (const f of unknown)
    lines.push(`  ${p.yellow('?')} ${f.checkId}  ${p.cyan(f.resource.name)}: ${f.message}`);

  const errors = report.diagnostics.filter((d) => d.severity !== 'info');
  if (errors.length > 0) {
    lines.push('', p.bold(`Input problems (${errors.length})`));
    for (const d of errors) {
      const where =
        d.file === undefined
          ? ''
          : `${d.file}${d.line === undefined ? '' : `:${d.line}`}${d.column === undefined ? '' : `:${d.column}`}: `;
      // Some messages already start with their file; say it once.
      const message =
        d.file !== undefined && d.message.startsWith(`${d.file}: `)
          ? d.message.slice(d.file.length + 2)
          : d.message;
      lines.push(`  ${d.severity === 'error' ? p.red('error') : p.yellow('warning')} ${where}${message}`);
    }
  }

  const c = report.summary.findings;
  lines.push(
    '',
    `${p.bold('Findings:')} ${p.red(`${c.fail} fail`)}, ${p.green(`${c.pass} pass`)}, ${p.yellow(`${c.unknown} not tested`)}, ${c.not_applicable} not applicable`,
  );
  return `${lines.join('\n')}\n`;
}

function findingLines(f: Finding, p: ReturnType<typeof painter>): string[] {
  const sev = f.severity.toUpperCase().padEnd(8);
  const out = [
    `  ${f.severity === 'critical' || f.severity === 'high' ? p.red(sev) : p.yellow(sev)} ${p.bold(f.checkId)}  ${p.cyan(f.resource.name)}  ${p.dim(`[${f.pci.join(', ')}]`)}`,
    `           ${f.message}`,
  ];
  for (const e of f.evidence) {
    const where = e.source ? p.dim(` at ${describeSource(e.source)}`) : '';
    out.push(`           ${p.dim('evidence:')} ${e.observed}${where}`);
  }
  // The first line of the fix; the whole of it (commands, Terraform) is on the check's docs page.
  const firstLine = (f.remediation.split('\n')[0]?.trim() ?? '').replace(/:$/, '.');
  out.push(`           ${p.dim('fix:')} ${firstLine} ${p.dim(`Details: docs/checks/${f.checkId}.md`)}`);
  return out;
}
