// The registry is data under test: ids unique, equal to file names, sorted; every PCI id real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from './index.js';
import { SEVERITIES } from './kit.js';
import { CATALOGUE } from '../pci/catalogue.js';
import { projectRoot, referenceDocs } from '../../test/helpers/paths.js';

const checkFiles = ['data', 'digitalocean', 'host'].flatMap((dir) =>
  readdirSync(join(projectRoot, 'src/checks', dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({
      dir,
      id: f.slice(0, -3),
      text: readFileSync(join(projectRoot, 'src/checks', dir, f), 'utf8'),
    }))
    .filter((f) => /^export default /m.test(f.text)),
);

test('every check file is registered, and every registered id is a file name', () => {
  assert.deepEqual(CHECKS.map((c) => c.id).sort(), checkFiles.map((f) => f.id).sort());
});

test('ids are unique and the registry is sorted', () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids, [...ids].sort());
});

test('every PCI id exists in v4.0.1, read from the reference list (not from our catalogue)', () => {
  const tsv = readFileSync(join(referenceDocs, 'pci-dss-v4.0.1-ids.tsv'), 'utf8');
  const ids = new Set(
    tsv
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[0])
      .filter(Boolean),
  );
  for (const c of CHECKS) {
    assert.ok(c.pci.length > 0, `${c.id} maps to no requirement`);
    for (const id of c.pci) {
      assert.ok(ids.has(id), `${c.id}: ${id} is not a PCI DSS v4.0.1 requirement`);
      assert.ok(
        CATALOGUE.some((e) => e.id === id),
        `${c.id}: ${id} is missing from the catalogue`,
      );
    }
  }
});

test('every check explains itself and says how to fix it', () => {
  for (const c of CHECKS) {
    assert.ok(SEVERITIES.includes(c.severity), c.id);
    assert.ok(c.title.length > 10, `${c.id} title`);
    assert.ok(c.rationale.length > 80, `${c.id} rationale`);
    assert.ok(c.remediation.length > 40, `${c.id} remediation`);
  }
});
