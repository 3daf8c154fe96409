// `cdeguard scan BUNDLE`: read the bundle, judge it, print or write the report, and say by the exit
// code whether anything at or above --fail-on failed.
import { writeFile } from 'node:fs/promises';
import { SEVERITIES, type Severity } from '../checks/kit.js';
import { parseConfig } from '../config/load.js';
import { buildEnvironment } from '../analysis/environment.js';
import { readBundle } from '../sources/bundle.js';
import { scan } from '../engine.js';
import { UserError } from '../errors.js';
import { formatJson } from '../report/format-json.js';
import { formatSarif } from '../report/format-sarif.js';
import { formatTerminal } from '../report/format-terminal.js';
import { redact, redactDeep } from '../report/redact.js';
import type { Report } from '../report/report.js';

export const FORMATS = ['terminal', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = [...SEVERITIES, 'none'] as const;

export type ScanOptions = { format: Format; output?: string; failOn: Severity | 'none'; color: boolean };

export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY && env['TERM'] !== 'dumb';
}

export function render(report: Report, format: Format, color: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'terminal':
      return formatTerminal(report, { color });
  }
}

/** Exit code 1 when an in-scope finding at or above the threshold failed. */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): 0 | 1 {
  if (failOn === 'none') return 0;
  const min = SEVERITIES.indexOf(failOn);
  const failed = report.findings.some(
    (f) =>
      (f.status === 'fail' || f.status === 'accepted') && f.counts && SEVERITIES.indexOf(f.severity) >= min,
  );
  return failed ? 1 : 0;
}

export async function runScan(
  bundleDir: string,
  opts: ScanOptions,
  now: Date,
): Promise<{ text: string; exitCode: 0 | 1 }> {
  const raw = await readBundle(bundleDir);
  const config = raw.config === undefined ? undefined : parseConfig(raw.config.text, raw.config.file);
  // Redact the report's strings before any formatter encodes them (a percent-encoded URI would hide a
  // number from a text-level pass), then the finished text once more.
  const report = redactDeep(scan(buildEnvironment(raw, config), now));
  const text = redact(render(report, opts.format, opts.output === undefined && opts.color));
  if (opts.output !== undefined) {
    try {
      await writeFile(opts.output, text);
    } catch (e) {
      throw new UserError(
        `cannot write --output ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
  }
  return { text, exitCode: exitCodeFor(report, opts.failOn) };
}
