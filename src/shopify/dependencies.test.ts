// cdeguard/shopify depends on node:crypto alone at run time: framework and SQLite types are structural or
// type-only, and better-sqlite3 is imported lazily, only by the SQLite store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test('library modules import only node:crypto and each other at run time', () => {
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    const text = readFileSync(join(here, file), 'utf8');
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
      const [, typeOnly, specifier] = m as unknown as [string, string | undefined, string];
      if (typeOnly !== undefined || specifier.startsWith('./')) continue;
      assert.equal(specifier, 'node:crypto', `${file} imports ${specifier} at run time`);
    }
    for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
      assert.deepEqual(
        [file, m[1]],
        ['sqlite-replay-store.ts', 'better-sqlite3'],
        'only the SQLite store loads a package lazily',
      );
    }
  }
});

test('no framework or SQLite package is a runtime dependency of cdeguard', () => {
  const pkg = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    exports: Record<string, unknown>;
  };
  for (const name of [
    'better-sqlite3',
    'express',
    'fastify',
    'hono',
    '@hono/node-server',
    '@shopify/shopify-api',
  ]) {
    assert.equal(pkg.dependencies?.[name], undefined, name);
  }
  assert.deepEqual(pkg.exports['./shopify'], {
    types: './dist/shopify/index.d.ts',
    default: './dist/shopify/index.js',
  });
});
