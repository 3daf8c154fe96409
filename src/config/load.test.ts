import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from './load.js';
import { UserError } from '../errors.js';
import { projectRoot } from '../../test/helpers/paths.js';

test('the example configuration loads', () => {
  const c = parseConfig(
    readFileSync(join(projectRoot, 'examples/acme-shop/cdeguard.yaml'), 'utf8'),
    'cdeguard.yaml',
  );
  assert.equal(c.saq, 'D');
  assert.deepEqual(c.scope?.cde.tags, ['cde']);
  assert.deepEqual(c.scope?.connected.droplets, []);
});

function errorOf(text: string): string {
  try {
    parseConfig(text, 'cdeguard.yaml');
  } catch (e) {
    assert.ok(e instanceof UserError);
    return e.message;
  }
  assert.fail('expected a UserError');
}

test('YAML syntax errors name file, line and column', () => {
  assert.match(errorOf('version: 1\nscope:\n  cde: [unclosed\n'), /^cdeguard\.yaml:\d+:\d+: invalid YAML/);
});

test('schema errors name the line of the offending key and its path', () => {
  const msg = errorOf('version: 1\nsaq: B\n');
  assert.match(msg, /^cdeguard\.yaml:2:6: saq: /);
  const typo = errorOf('version: 1\nscope:\n  cde:\n    tag: [cde]\n');
  assert.match(typo, /^cdeguard\.yaml:4:5: scope\.cde: .*"tag"/);
  assert.match(errorOf('saq: D\n'), /version/);
});

test('duplicate keys are an error, not a silent last-wins', () => {
  assert.match(errorOf('version: 1\nsaq: D\nsaq: A\n'), /cdeguard\.yaml:3:\d+/);
});

test('an alias bomb is a configuration error, not a hang', () => {
  const bomb = ['version: 1', 'a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const l of 'bcdefgh')
    bomb.push(
      `${l}: &${l} [*${String.fromCharCode(l.charCodeAt(0) - 1)}, *${String.fromCharCode(l.charCodeAt(0) - 1)}, *${String.fromCharCode(l.charCodeAt(0) - 1)}, *${String.fromCharCode(l.charCodeAt(0) - 1)}]`,
    );
  assert.match(errorOf(bomb.join('\n')), /^cdeguard\.yaml: invalid YAML/);
});

test('droplet ids may be written as numbers', () => {
  const c = parseConfig('version: 1\nscope:\n  cde:\n    droplets: [401100103, db-1]\n', 'cdeguard.yaml');
  assert.deepEqual(c.scope?.cde.droplets, ['401100103', 'db-1']);
});
