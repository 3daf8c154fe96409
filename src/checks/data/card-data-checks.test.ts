// Table tests for the card-data checks, on what the real discovery engine finds in small files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { makeEnv } from '../../../test/helpers/env.js';
import { checkTable, type CheckCase } from '../../../test/helpers/check-tester.js';
import { known, unknown } from '../../model/observed.js';
import type { CardDataScan, Environment } from '../../model/environment.js';
import { scanPaths } from '../../pan/index.js';
import panCheck from './data-no-card-numbers-in-files.js';
import sadCheck from './data-no-sensitive-authentication-data-in-files.js';

const dir = mkdtempSync(join(tmpdir(), 'cdeguard-carddata-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function envOf(files: Record<string, string>): Promise<Environment> {
  const root = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const r = await scanPaths([root], { jobs: 0 });
  const scan: CardDataScan = { root: 'data', findings: r.findings, stats: r.stats, incomplete: [] };
  return makeEnv({ cardData: known(scan, { kind: 'file', path: 'data' }) });
}

// Card numbers are published test numbers (corpus test-cards.json) or Luhn-valid numbers built by hand:
// 4539 1488 0343 6467 (Visa range, Luhn checked) is not on any test list.
// Environments are built once, at module load (top-level await), by the real engine over real files.
const clean = await envOf({
  'app.log': 'GET /cart 200 ts=1546300800035\norder_ref=9041172633855482039177604521207618843950\n',
});
const pan = await envOf({ 'orders.csv': 'id,note\n7,card 4539 1488 0343 6467 exp 09/28\n' });
const testCard = await envOf({ 'qa.log': 'card_number=4111111111111111 exp 12/30\n' });
const sad = await envOf({ 'debug.log': '{"card_number":"4539148803436467","cvv":"123","exp":"09/28"}\n' });
const quiet = await envOf({ 'a.log': 'nothing here\n' });
const incomplete: Environment = quiet.cardData.known
  ? {
      ...quiet,
      cardData: known(
        { ...quiet.cardData.value, incomplete: [{ file: 'data/big.gz', message: 'truncated gzip' }] },
        quiet.cardData.source,
      ),
    }
  : quiet;

const notCollected = makeEnv({ cardData: unknown('not_collected', 'no data/ folder') });

const common: CheckCase[] = [
  {
    name: 'no data folder: not tested',
    env: notCollected,
    status: 'unknown',
    messageId: 'input-not-collected',
  },
  {
    name: 'timestamps and long ids are not card numbers',
    env: clean,
    status: 'pass',
    messageId: 'no-card-data',
  },
  {
    name: 'a file not read to the end proves nothing',
    env: incomplete,
    status: 'unknown',
    messageId: 'files-not-fully-read',
  },
];

checkTable(panCheck, [
  ...common,
  {
    name: 'a real-looking card number in an export',
    env: pan,
    status: 'fail',
    messageId: 'card-data-found',
    messageIncludes: '1 finding',
  },
  {
    name: 'a published test number is still card data in a file',
    env: testCard,
    status: 'fail',
    messageId: 'test-card-data-found',
  },
]);

checkTable(sadCheck, [
  ...common,
  {
    name: 'a number with its CVV in a debug log',
    env: sad,
    status: 'fail',
    messageId: 'card-data-found',
  },
  {
    name: 'a number alone is not authentication data',
    env: pan,
    status: 'pass',
    messageId: 'no-card-data',
  },
]);
