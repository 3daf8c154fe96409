// `cdeguard find-pan PATH…`: scan files, directories and .gz logs for card numbers and track data, print
// or write the report (never a full number), and say by the exit code whether card data was found.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors.js';
import { CONFIDENCES, type Confidence } from '../pan/matcher.js';
import { MIN_KEY_BYTES } from '../pan/fingerprint.js';
import { PAN_REPORT_SCHEMA, formatPanJson, formatPanTerminal, type PanReport } from '../pan/format.js';
import { scanPaths } from '../pan/scan-paths.js';
import type { BinaryPolicy, ScanOptions } from '../pan/types.js';
import { redact } from '../report/redact.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export const PAN_FORMATS = ['terminal', 'json'] as const;
export type PanFormat = (typeof PAN_FORMATS)[number];

export type FindPanOptions = {
  format: PanFormat;
  output?: string;
  include: string[];
  exclude: string[];
  binary: BinaryPolicy;
  minConfidence: Confidence;
  showBin: boolean;
  uatp: boolean;
  fingerprintKeyFile?: string;
  jobs?: number;
  followSymlinks: boolean;
  maxGzipRatio?: number;
  maxGzipBytes?: number;
  maxFindings?: number;
  failOnTestCards: boolean;
  color: boolean;
};

const KEY_ENV = 'CDEGUARD_PAN_KEY';

/** Same rule as `scan` (scan-command.ts), repeated so this command does not load the scan engine. */
function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY && env['TERM'] !== 'dumb';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function size(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(value.trim());
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) throw new InvalidArgumentError('expected a size such as 512M or 64G');
  return Math.floor(Number(m[1]) * unit);
}

function ratio(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 1) throw new InvalidArgumentError('expected a number > 1');
  return n;
}

/** The key from a file or the environment (never a flag: command lines end up in shell history and ps). */
async function fingerprintKey(
  file: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ key?: Uint8Array; source: PanReport['fingerprintKey'] }> {
  let raw: Buffer | undefined;
  let source: PanReport['fingerprintKey'] = 'random-per-run';
  if (file !== undefined) {
    try {
      raw = await readFile(file);
    } catch (e) {
      throw new UserError(
        `cannot read --fingerprint-key-file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    source = 'file';
  } else if (env[KEY_ENV] !== undefined && env[KEY_ENV] !== '') {
    raw = Buffer.from(env[KEY_ENV], 'utf8');
    source = 'environment';
  }
  if (raw === undefined) return { source };
  const text = raw.toString('utf8').trim();
  raw.fill(0);
  // A hex key (e.g. from `openssl rand -hex 32`) is used as the bytes it spells.
  const key = /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
  if (key.length < MIN_KEY_BYTES) {
    throw new UserError(
      `the fingerprint key must have at least ${MIN_KEY_BYTES} bytes (e.g. openssl rand -hex 32)`,
    );
  }
  return { key: new Uint8Array(key), source };
}

export async function runFindPan(
  paths: string[],
  o: FindPanOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ text: string; exitCode: 0 | 1 }> {
  for (const p of paths) {
    try {
      await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(
        code === 'ENOENT' ? `path not found: ${p}` : `cannot read ${p}: ${code ?? 'error'}`,
      );
    }
  }
  const { key, source } = await fingerprintKey(o.fingerprintKeyFile, env);
  const options: ScanOptions = {
    include: o.include,
    exclude: o.exclude,
    binary: o.binary,
    minConfidence: o.minConfidence,
    showFirst6: o.showBin,
    uatp: o.uatp,
    followSymlinks: o.followSymlinks,
    ...(key === undefined ? {} : { fingerprintKey: key }),
    ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
    ...(o.maxGzipRatio === undefined ? {} : { maxGzipRatio: o.maxGzipRatio }),
    ...(o.maxGzipBytes === undefined ? {} : { maxGzipBytes: o.maxGzipBytes }),
    ...(o.maxFindings === undefined ? {} : { maxFindings: o.maxFindings }),
  };
  const result = await scanPaths(paths, options);
  key?.fill(0);
  const report: PanReport = {
    schema: PAN_REPORT_SCHEMA,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    fingerprintKey: source,
    minConfidence: o.minConfidence,
    ...result,
  };
  // redact() is the last gate on every output path: it masks anything card-shaped the report might
  // still carry (a file named after a card number, a field name).
  const text = redact(
    o.format === 'json'
      ? formatPanJson(report)
      : formatPanTerminal(report, { color: o.output === undefined && o.color }),
  );
  if (o.output !== undefined) {
    try {
      // The report is a map to card data: readable by its owner only.
      await writeFile(o.output, text, { mode: 0o600 });
      await chmod(o.output, 0o600);
    } catch (e) {
      throw new UserError(
        `cannot write --output ${o.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
  }
  const counted = o.failOnTestCards
    ? result.stats.findings
    : result.findings.filter((f) => !f.testCard).length;
  return { text, exitCode: counted > 0 ? 1 : 0 };
}

/** Adds `find-pan` to the program; main.ts calls this once. */
export function registerFindPan(program: Command): void {
  program
    .command('find-pan')
    .description(
      'Find card numbers (PAN) and magnetic-stripe track data in files, directories and .gz logs (PCI DSS 3.2.1, 3.3.1, 3.5.1, 12.10.7). Reports brand, last four and a keyed fingerprint, never a full number.',
    )
    .argument('<paths...>', 'files or directories to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(PAN_FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write the report to FILE (mode 0600) instead of standard output')
    .option(
      '--include <glob>',
      'scan only files matching GLOB (repeatable; no "/" matches the base name)',
      collect,
      [],
    )
    .option('--exclude <glob>', 'skip files and directories matching GLOB (repeatable)', collect, [])
    .addOption(
      new Option('--binary <policy>', 'files with NUL bytes that are not UTF-16')
        .choices(['scan', 'skip'])
        .default('scan'),
    )
    .addOption(
      new Option('--min-confidence <level>', 'lowest confidence reported')
        .choices(CONFIDENCES)
        .default('medium'),
    )
    .option('--show-bin', 'show the first six digits (BIN) as well as the last four (restricted display)')
    .option('--uatp', 'also report 15-digit UATP numbers (starting with 1; off: timestamps start with 1)')
    .option('--fingerprint-key-file <file>', `fingerprint key (else ${KEY_ENV}, else random for this run)`)
    .option('-j, --jobs <n>', 'worker threads (0: scan in the main thread)', wholeNumber(0))
    .option('--no-follow-symlinks', 'do not follow symbolic links found inside directories')
    .option(
      '--max-gzip-ratio <n>',
      'stop inflating a .gz file past this expansion ratio (default 200)',
      ratio,
    )
    .option('--max-gzip-bytes <size>', 'stop inflating a .gz file past this size (default 64G)', size)
    .option('--max-findings <n>', 'findings listed (default 10000; all are counted)', wholeNumber(0))
    .option('--no-fail-on-test-cards', 'exit 0 when the only numbers found are published test cards')
    .option('--no-color', 'no colours in terminal output (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      `\nFingerprints are HMAC-SHA-256 under a key from --fingerprint-key-file or ${KEY_ENV} (hex or text, ≥ ${MIN_KEY_BYTES} bytes); without one they only match within a run.\nExit codes: 0 no card data found, 1 card data found, 2 usage error, 3 internal error.`,
    )
    .action(async (paths: string[], o: FindPanOptions) => {
      const { text, exitCode } = await runFindPan(
        paths,
        { ...o, color: o.color && useColor(process.stdout, process.env) },
        process.env,
      );
      if (o.output === undefined) process.stdout.write(text);
      else process.stderr.write(`cdeguard: report written to ${redact(o.output)}\n`);
      process.exitCode = exitCode;
    });
}
