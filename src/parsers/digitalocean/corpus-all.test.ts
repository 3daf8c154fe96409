// Every real DigitalOcean response body in the corpus goes through the bundle's JSON reader and the
// pagination reader without a throw, with the links shapes classified as the reference describes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonText } from '../../sources/json-file.js';
import { readLinks } from './envelope.js';
import { normalizeDroplets, normalizeFirewalls, normalizeVpcs } from './index.js';
import { corpus } from '../../../test/helpers/paths.js';

const dir = join(corpus, 'digitalocean');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('the corpus holds the response bodies this test is about', () => {
  assert.ok(files.length >= 45, `only ${files.length} files`);
});

test('every response parses, and its links are read as the reference says', () => {
  // From digitalocean.md §1.5: links with a next page in these two, a malformed flat shape in one.
  const withNext = new Set(['monitoring_alerts_list.json', 'uptime_check_alerts_list.json']);
  const malformed = new Set(['monitoring_alerts_list.openapi.json']);
  for (const f of files) {
    const read = parseJsonText(readFileSync(join(dir, f), 'utf8'), f);
    assert.ok(read.ok, f);
    const links = readLinks(read.body, f);
    assert.equal(links.next !== undefined, withNext.has(f), `${f}: next page`);
    assert.equal(
      links.diagnostics.some((d) => d.code === 'do-links-malformed'),
      malformed.has(f),
      `${f}: malformed links`,
    );
  }
});

test('no normaliser throws on any response, and each accepts only its own collection', () => {
  const own: Record<string, RegExp> = {
    droplets: /^droplet(s_list.*|_get)\.json$/,
    firewalls: /^(firewall(s_list.*|_get.*)|droplet_firewalls)\.json$/,
    vpcs: /^vpcs_list\.json$/,
  };
  for (const f of files) {
    const body = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
    for (const [name, normalize] of [
      ['droplets', normalizeDroplets],
      ['firewalls', normalizeFirewalls],
      ['vpcs', normalizeVpcs],
    ] as const) {
      const r = normalize(body, f);
      assert.equal(r.value.known, own[name]!.test(f), `${name} from ${f}`);
    }
  }
});
