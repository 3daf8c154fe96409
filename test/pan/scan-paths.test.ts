// scanPaths end to end on real files: the corpus generator's logs against their truth files (plain,
// split across workers, gzip, UTF-16), odd and hostile input, globs, binary policy and fingerprints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { scanPaths } from '../../src/pan/scan-paths.js';
import type { PanFinding, ScanOptions } from '../../src/pan/types.js';
import { corpus } from '../helpers/paths.js';
import { TEST_KEY } from './helpers.js';

// Seeds whose 2 MiB logs carry PAN lines (the generator plants about one per 100,000 lines): together
// track 2, track 1, spaced, CSV, JSON and dashed forms.
const SEEDS = [17, 33, 52, 82, 89];
const KIND: Record<string, PanFinding['kind']> = { track1: 'track1', track2: 'track2' };

let dir = '';
type Truth = { file: string; offset: number; kind: string; masked: string; line: number };
const truth: Truth[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdeguard-pan-'));
  mkdirSync(join(dir, 'logs'));
  for (const seed of SEEDS) {
    const file = join(dir, 'logs', `app-${seed}.log`);
    execFileSync(process.execPath, [join(corpus, 'pan/generate-logs.mjs'), file, '2', String(seed)]);
    const text = readFileSync(file, 'latin1');
    for (const row of readFileSync(`${file}.truth.tsv`, 'utf8').trim().split('\n').slice(1)) {
      const [offset, kind, masked] = row.split('\t');
      const at = Number(offset);
      truth.push({
        file,
        offset: at,
        kind: kind!,
        masked: masked!,
        line: text.slice(0, at).split('\n').length,
      });
    }
    rmSync(`${file}.truth.tsv`);
  }
  assert.ok(truth.length >= 3, 'the seeds plant PAN lines');
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const base: ScanOptions = { showFirst6: true, fingerprintKey: TEST_KEY };

function asTruth(f: PanFinding) {
  return { file: f.file, kind: f.kind, masked: f.masked, line: f.line };
}
function expected(rows: Truth[], file = (t: Truth) => t.file) {
  return rows.map((t) => ({ file: file(t), kind: KIND[t.kind] ?? 'pan', masked: t.masked, line: t.line }));
}

test('generated logs: every planted PAN found on its line, no false positives (one thread)', async () => {
  const r = await scanPaths([join(dir, 'logs')], { ...base, jobs: 0 });
  assert.deepEqual(r.findings.map(asTruth), expected(truth));
  for (const f of r.findings) {
    const t = truth.find((x) => x.file === f.file && x.line === f.line)!;
    // The truth offset is exact unless the PAN's first four digits occur earlier on the line.
    assert.ok(f.byteOffset >= t.offset - 200 && f.byteOffset <= t.offset, `${f.byteOffset} vs ${t.offset}`);
  }
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.stats.files, SEEDS.length);
  assert.ok(r.stats.belowThreshold > 100, 'order ids in Maestro ranges are counted, not reported');
});

test('generated logs: split into small ranges across two workers, the same findings', async () => {
  const one = await scanPaths([join(dir, 'logs')], { ...base, jobs: 0 });
  const many = await scanPaths([join(dir, 'logs')], { ...base, jobs: 2, chunkSize: 100_003 });
  assert.deepEqual(many.findings, one.findings);
  assert.equal(many.stats.workers, 2);
  assert.equal(many.stats.candidates, one.stats.candidates);
  assert.equal(many.stats.bytesScanned, one.stats.bytesScanned);
});

test('generated logs gzipped (multi-member) and as UTF-16: the same findings, offsets in the inflated data', async () => {
  const gzDir = join(dir, 'gz');
  mkdirSync(gzDir, { recursive: true });
  const u16Dir = join(dir, 'u16');
  mkdirSync(u16Dir, { recursive: true });
  for (const seed of SEEDS) {
    const text = readFileSync(join(dir, 'logs', `app-${seed}.log`));
    const half = text.indexOf(10, text.length >> 1) + 1;
    // Two gzip members back to back, as `cat a.gz b.gz` or logrotate's appends produce.
    writeFileSync(
      join(gzDir, `app-${seed}.log.gz`),
      Buffer.concat([gzipSync(text.subarray(0, half)), gzipSync(text.subarray(half))]),
    );
    const le = Buffer.alloc(text.length * 2);
    for (let i = 0; i < text.length; i++) le[2 * i] = text[i]!;
    writeFileSync(join(u16Dir, `app-${seed}.log`), le); // no byte-order mark
  }
  const plain = await scanPaths([join(dir, 'logs')], { ...base, jobs: 0 });
  const gz = await scanPaths([gzDir], { ...base, jobs: 2 });
  assert.deepEqual(
    gz.findings.map(asTruth),
    expected(truth, (t) => t.file.replace(join(dir, 'logs'), gzDir) + '.gz'),
  );
  assert.deepEqual(
    gz.findings.map((f) => f.byteOffset),
    plain.findings.map((f) => f.byteOffset),
  );
  assert.ok(gz.findings.every((f) => f.compressed));
  assert.equal(gz.stats.gzipFiles, SEEDS.length);
  const u16 = await scanPaths([u16Dir], { ...base, jobs: 2, chunkSize: 300_001 });
  assert.deepEqual(
    u16.findings.map(asTruth),
    expected(truth, (t) => t.file.replace(join(dir, 'logs'), u16Dir)),
  );
  assert.deepEqual(
    u16.findings.map((f) => f.byteOffset),
    plain.findings.map((f) => 2 * f.byteOffset),
  );
  assert.ok(u16.findings.every((f) => f.encoding === 'utf16le'));
});

test('UTF-16 with and without a byte-order mark, both byte orders: found', async () => {
  const d = join(dir, 'utf16');
  mkdirSync(d, { recursive: true });
  const text = 'Get-Payment: card 4111 1111 1111 1111 expires 12/28\r\n';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  writeFileSync(join(d, 'le-bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
  writeFileSync(join(d, 'le.txt'), le);
  writeFileSync(join(d, 'be-bom.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  writeFileSync(join(d, 'be.txt'), be);
  const r = await scanPaths([d], { ...base, jobs: 0 });
  const at = text.indexOf('4111');
  assert.deepEqual(
    r.findings.map((f) => [f.file.slice(d.length + 1), f.byteOffset, f.encoding, f.last4]),
    [
      ['be-bom.txt', 2 + 2 * at, 'utf16be', '1111'],
      ['be.txt', 2 * at, 'utf16be', '1111'],
      ['le-bom.txt', 2 + 2 * at, 'utf16le', '1111'],
      ['le.txt', 2 * at, 'utf16le', '1111'],
    ],
  );
});

test('hostile input: FIFO, device, symlink loop, broken link, truncated and bomb gzip are diagnosed; nothing found is lost', async () => {
  const d = join(dir, 'bad');
  mkdirSync(join(d, 'sub'), { recursive: true });
  writeFileSync(join(d, 'good.txt'), 'card 5555 5555 5555 4444 exp 01/30\n');
  spawnSync('mkfifo', [join(d, 'pipe')]);
  symlinkSync('/dev/zero', join(d, 'zero'));
  symlinkSync('..', join(d, 'sub', 'loop'));
  symlinkSync(join(d, 'missing'), join(d, 'broken'));
  // A PAN early in a gzip whose end is cut off.
  const log = Buffer.from(
    `payment failed for card 4012888888881881 exp 11/29\n${'filler line\n'.repeat(200_000)}`,
  );
  const gz = gzipSync(log);
  writeFileSync(join(d, 'cut.log.gz'), gz.subarray(0, gz.length >> 1));
  // 96 gzip members of 1 MiB of one byte each (~1000:1); a PAN at the start must still be reported.
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x41), { level: 9 });
  const bomb = [gzipSync('cc=378282246310005 cvv=1234\n'), ...Array.from({ length: 96 }, () => member)];
  writeFileSync(join(d, 'bomb.gz'), Buffer.concat(bomb));
  const r = await scanPaths([d], { ...base, jobs: 2, maxGzipRatio: 100 });
  const codes = r.diagnostics.map((x) => `${x.code} ${x.file?.slice(d.length + 1) ?? ''}`).sort();
  assert.deepEqual(codes, [
    'pan-broken-symlink broken',
    'pan-gzip-bomb bomb.gz',
    'pan-gzip-truncated cut.log.gz',
    'pan-special-file pipe',
    'pan-special-file zero',
    'pan-symlink-loop sub/loop',
  ]);
  assert.deepEqual(
    r.findings.map((f) => [f.file.slice(d.length + 1), f.last4]),
    [
      ['bomb.gz', '0005'],
      ['cut.log.gz', '1881'],
      ['good.txt', '4444'],
    ],
  );
  // The same bomb under a size limit instead of the ratio.
  const sized = await scanPaths([join(d, 'bomb.gz')], { ...base, jobs: 0, maxGzipBytes: 1024 * 1024 });
  assert.deepEqual(
    sized.diagnostics.map((x) => x.code),
    ['pan-gzip-limit'],
  );
  assert.equal(sized.findings.length, 1);
});

test(
  'an unreadable file is skipped with a diagnostic',
  { skip: process.getuid?.() === 0 ? 'root reads everything' : false },
  async () => {
    const f = join(dir, 'secret.txt');
    writeFileSync(f, '4111111111111111\n');
    chmodSync(f, 0);
    const r = await scanPaths([f], { ...base, jobs: 0 });
    assert.deepEqual(
      r.diagnostics.map((x) => x.code),
      ['pan-unreadable'],
    );
  },
);

test('a read error inside a file (EIO) is a diagnostic, and the other files are still scanned', async () => {
  // /proc/self/mem is a "regular file" whose first page cannot be read: the read fails with EIO.
  const d = join(dir, 'eio');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'ok.txt'), 'card 4111 1111 1111 1111\n');
  const r = await scanPaths(['/proc/self/mem', d], { ...base, jobs: 2 });
  assert.deepEqual(
    r.diagnostics.map((x) => [x.code, x.file]),
    [['pan-read-failed', '/proc/self/mem']],
  );
  assert.equal(r.findings.length, 1);
});

test('include and exclude globs; binary policy', async () => {
  const d = join(dir, 'globs');
  mkdirSync(join(d, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(d, 'a.log'), 'cc 4111111111111111\n');
  writeFileSync(join(d, 'b.txt'), 'cc 4111111111111111\n');
  writeFileSync(join(d, 'node_modules', 'x', 'c.log'), 'cc 4111111111111111\n');
  writeFileSync(
    join(d, 'blob.bin'),
    Buffer.concat([Buffer.from([0, 1, 2, 0, 0, 7]), Buffer.from(' cc=4111111111111111 '), Buffer.alloc(8)]),
  );
  const names = (r: { findings: PanFinding[] }) => r.findings.map((f) => f.file.slice(d.length + 1));
  assert.deepEqual(names(await scanPaths([d], { ...base, jobs: 0 })), [
    'a.log',
    'b.txt',
    'blob.bin',
    'node_modules/x/c.log',
  ]);
  assert.deepEqual(names(await scanPaths([d], { ...base, jobs: 0, include: ['*.log'] })), [
    'a.log',
    'node_modules/x/c.log',
  ]);
  assert.deepEqual(
    names(await scanPaths([d], { ...base, jobs: 0, include: ['*.log'], exclude: ['node_modules'] })),
    ['a.log'],
  );
  const skipped = await scanPaths([d], { ...base, jobs: 0, binary: 'skip' });
  assert.deepEqual(names(skipped), ['a.log', 'b.txt', 'node_modules/x/c.log']);
  assert.deepEqual(
    skipped.diagnostics.map((x) => x.code),
    ['pan-binary-skipped'],
  );
});

test('fingerprints: keyed, equal for equal numbers across files, different under another key', async () => {
  const d = join(dir, 'fp');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'one.txt'), 'card 4242 4242 4242 4242\n');
  writeFileSync(join(d, 'two.txt'), '{"number":"4242424242424242"}\ncard 5555555555554444\n');
  const r = await scanPaths([d], { ...base, jobs: 0 });
  const [a, b, c] = r.findings.map((f) => f.fingerprint);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.equal(r.stats.distinctNumbers, 2);
  const other = await scanPaths([d], { ...base, jobs: 0, fingerprintKey: Buffer.alloc(32, 7) });
  assert.notEqual(other.findings[0]!.fingerprint, a);
  const unkeyed = createHash('sha256').update('4242424242424242').digest();
  assert.notEqual(a, unkeyed.subarray(0, 16).toString('base64url'), 'never an unkeyed hash');
  const random = await scanPaths([d], { jobs: 0 });
  assert.notEqual(random.findings[0]!.fingerprint, a, 'no key given: a random one');
});

test('the finding cap keeps the first findings in file order and counts the rest', async () => {
  const d = join(dir, 'many');
  mkdirSync(d, { recursive: true });
  writeFileSync(
    join(d, 'cards.csv'),
    'id,card\n' + Array.from({ length: 500 }, (_, i) => `${i},4111111111111111`).join('\n'),
  );
  const r = await scanPaths([d], { ...base, jobs: 0, maxFindings: 10 });
  assert.equal(r.findings.length, 10);
  assert.equal(r.stats.findings, 500);
  assert.deepEqual(
    r.findings.map((f) => f.line),
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  assert.ok(r.diagnostics.some((x) => x.code === 'pan-findings-truncated'));
});
