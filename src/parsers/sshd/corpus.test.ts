// Every case of shared/corpus/sshd: the parser must print what the real `sshd -T` printed, key by key, and
// reject the configurations sshd rejected on the same file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileTreeFromEntries } from '../file-tree.js';
import { corpus, treeEntries } from '../../../test/helpers/paths.js';
import { parseSshdConfig, parseSshdTOutput, renderSshdT, type SshdConnection } from './index.js';

const DIR = join(corpus, 'sshd');

type Expected = {
  command: string;
  exit_code: number;
  stderr: string;
  selected: Record<string, string | string[]>;
};

/** `-C user=u,host=h,addr=a` → connection. */
export function connectionFromCommand(command: string): SshdConnection | undefined {
  const m = /-C\s+(\S+)/.exec(command);
  if (!m) return undefined;
  const c: SshdConnection = {};
  for (const kv of (m[1] as string).split(',')) {
    const [k, v = ''] = kv.split('=');
    if (k === 'user') c.user = v;
    else if (k === 'host') c.host = v;
    else if (k === 'addr') c.addr = v;
    else if (k === 'laddr') c.laddr = v;
    else if (k === 'lport') c.lport = Number(v);
  }
  return c;
}

/** File and line of sshd's first complaint: "FILE line N: …" or "FILE: line N: …". */
export function firstErrorLocation(stderr: string): { file: string; line: number } | null {
  for (const l of stderr.split('\n')) {
    const m = /^(.+?):? line (\d+):/.exec(l);
    if (m) return { file: m[1] as string, line: Number(m[2]) };
  }
  return null;
}

const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

test('the corpus has its 21 cases', () => {
  assert.equal(cases.length, 21);
});

for (const name of cases) {
  test(`corpus ${name}`, () => {
    const dir = join(DIR, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const tree = fileTreeFromEntries(treeEntries(join(dir, 'root')));
    // The corpus ran `sshd -T -h <key>` and normalised the key path; -h is modelled by hostKeyFiles.
    const result = parseSshdConfig(tree, {
      connection: connectionFromCommand(expected.command),
      hostKeyFiles: ['/etc/ssh/ssh_host_ed25519_key'],
    });
    if (expected.exit_code !== 0) {
      assert.equal(result.ok, false, 'sshd refused this configuration');
      if (result.ok) return;
      const where = firstErrorLocation(expected.stderr);
      assert.ok(where, 'corpus stderr names a file and line');
      assert.equal(result.error.file, where.file);
      assert.equal(result.error.line, where.line);
      return;
    }
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    const text = readFileSync(join(dir, 'sshd-T.txt'), 'utf8');
    const want = parseSshdTOutput(text);
    assert.ok(want.ok);
    const got = result.config.settings;
    for (const [key, values] of want.values) {
      assert.deepEqual(got.get(key)?.values, values, `keyword ${key}`);
    }
    assert.deepEqual([...got.keys()], [...want.values.keys()], 'same keywords in the same order');
    assert.equal(renderSshdT(result.config), text);
    for (const [key, v] of Object.entries(expected.selected)) {
      assert.deepEqual(got.get(key)?.values, Array.isArray(v) ? v : [v], `selected ${key}`);
    }
  });
}

test('corpus: deprecated keywords warn with file and line (E2)', () => {
  const tree = fileTreeFromEntries(treeEntries(join(DIR, 'E2-deprecated-keywords', 'root')));
  const r = parseSshdConfig(tree);
  assert.ok(r.ok);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.code === 'sshd-deprecated-option').map((d) => d.line),
    [2, 3, 4],
  );
});
