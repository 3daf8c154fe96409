// `find-pan` as a user runs it: exit codes, and the output-leak test — no full card number in any
// output (terminal, JSON, --show-bin, a report file, errors), whatever the input holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command, CommanderError } from 'commander';
import { registerFindPan, runFindPan, type FindPanOptions } from '../../src/cli/find-pan-command.js';
import { UserError } from '../../src/errors.js';
import { projectRoot } from '../helpers/paths.js';
import { fullForms, luhnValid } from './helpers.js';

type Run = { status: number | null; stdout: string; stderr: string };

/** The command as a user runs it. */
function findPan(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), 'find-pan', ...args],
    {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', CDEGUARD_PAN_KEY: '', ...env },
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses arguments with the real registration, in this process; the action is not run. */
function parse(args: string[]): { options?: FindPanOptions; paths?: string[]; error?: CommanderError } {
  const program = new Command('cdeguard')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerFindPan(program);
  const sub = program.commands.find((c) => c.name() === 'find-pan')!;
  let captured: { options?: FindPanOptions; paths?: string[] } = {};
  sub.action((paths: string[], options: FindPanOptions) => {
    captured = { paths, options };
  });
  try {
    program.parse(['node', 'cdeguard', 'find-pan', ...args]);
  } catch (e) {
    if (e instanceof CommanderError) return { error: e };
    throw e;
  }
  return captured;
}

// Generated-looking numbers (Luhn-valid, not on any test list) and published test numbers.
const PANS = [
  '4929123456781236',
  '5412751234123452',
  '371449635398431',
  '6011000990139424',
  '36227206271667',
  '6205500000000000004',
];
let dir = '';

before(() => {
  assert.ok(PANS.every(luhnValid));
  dir = mkdtempSync(join(tmpdir(), 'cdeguard-pan-cli-'));
  mkdirSync(join(dir, 'data'));
  const lines = [
    `card ${PANS[0]} exp 12/29 cvv 123`,
    `{"number":"${PANS[1]}","cvc":"321"}`,
    `amex 3714 496353 98431`,
    `%B${PANS[3]}^DOE/JANE^2911101000000000000?`,
    `;${PANS[4]}=29111010000000000?`,
    `t=${PANS[5]}`,
  ];
  writeFileSync(join(dir, 'data', 'log.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'data', 'old.log.gz'), gzipSync(`${lines.join('\n')}\n`));
  // A file named after a card number: its path is output too.
  writeFileSync(join(dir, 'data', `export-${PANS[0]}.csv`), `id,card\n1,${PANS[1]}\n`);
  writeFileSync(join(dir, 'clean.txt'), 'order 5912909066587 at 1748503543012\n');
  writeFileSync(join(dir, 'tests-only.txt'), 'stripe test card 4242 4242 4242 4242\n');
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function assertNoPan(text: string, where: string) {
  for (const pan of PANS) {
    for (const form of fullForms(pan)) assert.ok(!text.includes(form), `${where} shows a full number`);
    assert.ok(!text.includes(pan.slice(0, 7)), `${where} shows more than the BIN`);
  }
}

function opts(over: Partial<FindPanOptions> = {}): FindPanOptions {
  const parsed = parse(['x']).options!;
  return { ...parsed, jobs: 0, ...over };
}

test('end to end: exit 1 when card data is found, 2 on a usage error, and no full number on either stream', () => {
  const found = findPan([join(dir, 'data'), '-j', '2']);
  assert.equal(found.status, 1, found.stderr);
  assert.match(found.stdout, /13 card numbers found/);
  const usage = findPan([join(dir, `missing-${PANS[2]}.txt`)]);
  assert.equal(usage.status, 2);
  assert.equal(usage.stdout, '');
  assert.doesNotMatch(usage.stderr, /\n\s+at .+:\d+:\d+\)/, 'no stack trace');
  for (const [i, r] of [found, usage].entries()) {
    assertNoPan(r.stdout, `run ${i} stdout`);
    assertNoPan(r.stderr, `run ${i} stderr`);
  }
});

test('usage errors are commander errors or UserErrors (exit 2 in main.ts)', async () => {
  for (const args of [
    ['--bogus', 'x'],
    ['--format', 'xml', 'x'],
    [],
    ['--jobs', '-1', 'x'],
    ['--max-gzip-ratio', '1', 'x'],
    ['--max-gzip-bytes', '12Q', 'x'],
  ]) {
    const r = parse(args);
    assert.ok(r.error && r.error.exitCode !== 0, args.join(' '));
  }
  await assert.rejects(runFindPan([join(dir, 'nope')], opts(), {}), UserError);
  await assert.rejects(runFindPan([dir], opts(), { CDEGUARD_PAN_KEY: 'short' }), UserError);
  await assert.rejects(runFindPan([dir], opts({ fingerprintKeyFile: join(dir, 'no-key') }), {}), UserError);
  assert.deepEqual(
    parse(['--max-gzip-bytes', '512M', '--include', '*.log', '--include', '*.gz', 'x']).options?.include,
    ['*.log', '*.gz'],
  );
  assert.equal(parse(['--max-gzip-bytes', '512M', 'x']).options?.maxGzipBytes, 512 * 1024 * 1024);
});

test('exit code: 0 when nothing is found, 1 for a test card unless --no-fail-on-test-cards', async () => {
  const none = await runFindPan([join(dir, 'clean.txt')], opts(), {});
  assert.equal(none.exitCode, 0);
  assert.match(none.text, /No card numbers found/);
  assert.equal((await runFindPan([join(dir, 'tests-only.txt')], opts(), {})).exitCode, 1);
  assert.equal(
    (await runFindPan([join(dir, 'tests-only.txt')], opts({ failOnTestCards: false }), {})).exitCode,
    0,
  );
});

test('output leak: no full number in terminal, JSON, --show-bin, low confidence or a report file', async () => {
  const outFile = join(dir, 'report.json');
  const key = 'a'.repeat(64);
  const texts = [
    (await runFindPan([join(dir, 'data')], opts(), {})).text,
    (await runFindPan([join(dir, 'data')], opts({ format: 'json', minConfidence: 'low' }), {})).text,
    (
      await runFindPan([join(dir, 'data')], opts({ format: 'json', showBin: true }), {
        CDEGUARD_PAN_KEY: key,
      })
    ).text,
    (await runFindPan([join(dir, 'data')], opts({ showBin: true, output: outFile, jobs: 2 }), {})).text,
  ];
  texts.forEach((t, i) => {
    assertNoPan(t, `run ${i}`);
  });
  assertNoPan(readFileSync(outFile, 'utf8'), 'report file');
  assert.equal(statSync(outFile).mode & 0o777, 0o600, 'the report is readable by its owner only');

  const json = JSON.parse(texts[2]!) as {
    findings: { masked: string; first6?: string; file: string; kind: string }[];
    fingerprintKey: string;
  };
  assert.equal(json.fingerprintKey, 'environment');
  assert.ok(!texts[2]!.includes(key), 'the key is not in the report');
  // Everything planted is found: 6 lines in the log, the same 6 in the .gz, 1 in the CSV.
  assert.equal(json.findings.length, 13);
  assert.ok(json.findings.every((f) => f.first6 !== undefined && /^\d{6}\*+\d{4}$/.test(f.masked)));
  assert.ok(
    json.findings.some((f) => f.file.includes('export-492912')),
    'the path is masked, not dropped',
  );
  const kinds = json.findings.filter((f) => f.file.endsWith('log.txt')).map((f) => f.kind);
  assert.deepEqual(kinds, ['pan', 'pan', 'pan', 'track1', 'track2', 'pan']);
});
