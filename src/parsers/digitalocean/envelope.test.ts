// `links` in every shape the corpus shows; only links.pages.next means "more pages".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readLinks } from './envelope.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
const skip = existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`;
const load = (name: string): unknown => JSON.parse(readFileSync(CORPUS + name, 'utf8'));

test(
  'corpus links: the malformed flat https// shape is reported and read as "no more pages"',
  { skip },
  () => {
    const r = readLinks(load('monitoring_alerts_list.openapi.json'), 'alerts.json');
    assert.equal(r.next, undefined);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['do-links-malformed'],
    );
    assert.ok(r.diagnostics[0]!.message.includes('alerts.json'));
  },
);

test(
  'corpus links: pages.next is followed; absent, {}, {pages:{}} and first/last only are the last page',
  { skip },
  () => {
    assert.equal(
      readLinks(load('monitoring_alerts_list.json'), 'f').next,
      'http://example.com/v2/monitoring/alerts/?page=3',
    );
    assert.equal(
      readLinks(load('uptime_check_alerts_list.json'), 'f').next,
      'http://example.com/v2/uptime/checks/check-1/alerts?page=2',
    );
    for (const file of [
      'projects_list.json',
      'droplets_list.json',
      'kubernetes_clusters_list.json',
      'databases_list.json',
      'vpcs_list.json',
    ]) {
      assert.deepEqual(readLinks(load(file), file), { next: undefined, diagnostics: [] }, file);
    }
  },
);

test('corpus: every file but the malformed example has readable links', { skip }, () => {
  for (const file of readdirSync(CORPUS).filter(
    (f) => f.endsWith('.json') && f !== 'monitoring_alerts_list.openapi.json',
  )) {
    assert.deepEqual(readLinks(load(file), file).diagnostics, [], file);
  }
});

test('links that are not objects or hold a bad next URL are reported', () => {
  assert.deepEqual(
    readLinks({ links: 'x' }, 'f').diagnostics.map((d) => d.code),
    ['do-links-malformed'],
  );
  assert.deepEqual(
    readLinks({ links: { pages: 'x' } }, 'f').diagnostics.map((d) => d.code),
    ['do-links-malformed'],
  );
  const bad = readLinks(
    { links: { pages: { next: 'https//api.digitalocean.com/v2/droplets?page=2' } } },
    'f',
  );
  assert.deepEqual([bad.next, bad.diagnostics.map((d) => d.code)], [undefined, ['do-links-malformed']]);
  assert.deepEqual(readLinks({ links: null }, 'f'), { next: undefined, diagnostics: [] });
});
