// Output formats validate against their published schemas: ours for JSON, the official one for SARIF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { cdeguard } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import { generatedDocs } from '../../src/generated-docs.js';

const require = createRequire(import.meta.url);

test('generated docs (schemas, check pages) are current: run `npm run docs` after changing them', () => {
  for (const [name, doc] of Object.entries(generatedDocs())) {
    assert.equal(readFileSync(join(projectRoot, 'docs', name), 'utf8'), doc, `docs/${name} is stale`);
  }
});

test('--format json validates against docs/schemas/report.schema.json', () => {
  const schema = JSON.parse(
    readFileSync(join(projectRoot, 'docs/schemas/report.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const r = cdeguard(['scan', 'examples/acme-shop', '--format', 'json']);
  const ok = validate(JSON.parse(r.stdout));
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // And the schema really constrains: a report with a made-up status must not validate.
  const broken = JSON.parse(r.stdout) as { findings: { status: string }[] };
  broken.findings[0]!.status = 'passed';
  assert.equal(validate(broken), false);
});

test('--format sarif validates against the SARIF 2.1.0 schema', () => {
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // The schema's language-tag pattern has a stray `]` that is invalid in Unicode mode; ajv's default.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const r = cdeguard(['scan', 'examples/acme-shop', '--format', 'sarif']);
  const sarif = JSON.parse(r.stdout) as {
    version: string;
    runs: { results: { kind: string; level: string }[] }[];
  };
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0]!.results;
  assert.ok(results.some((x) => x.kind === 'fail' && x.level === 'error'));
  assert.ok(
    results.some((x) => x.kind === 'review'),
    'unknown findings are kept as review',
  );
  // A broken document must fail, or the validation above proves nothing.
  (sarif as { version: string }).version = '9.9';
  assert.equal(validate(sarif), false);
});

test('no output format leaks a planted token or card number', () => {
  // A junk line in a collected iptables-save dump is echoed in a diagnostic; plant secrets in it.
  const dir = mkdtempSync(join(tmpdir(), 'cdeguard-leak-'));
  try {
    const bundle = join(dir, 'acme-shop');
    cpSync(join(projectRoot, 'examples/acme-shop'), bundle, { recursive: true });
    const token = `dop_v1_${'7e'.repeat(32)}`;
    const dump = join(bundle, 'hosts/db-1/commands/iptables-save.txt');
    writeFileSync(
      dump,
      readFileSync(dump, 'utf8').replace('*filter\n', `*filter\njunk 4111 1111 1111 1111 ${token}\n`),
    );
    for (const format of ['terminal', 'json', 'sarif']) {
      const out = cdeguard(['scan', bundle, '--format', format]).stdout;
      assert.ok(
        out.includes('dop_v1_****') && out.includes('411111******1111'),
        `${format}: the planted line reached the output, masked`,
      );
      assert.ok(!out.includes(token), `${format}: token leaked`);
      assert.ok(
        !out.includes('4111 1111 1111 1111') && !out.includes('4111111111111111'),
        `${format}: PAN leaked`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
