// The matcher against the corpus (crafted cases, published test cards), the PAN-1..PAN-8 traps of
// known-traps.md §6, seeded property tests, and chunk-boundary invariance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus } from '../../test/helpers/paths.js';
import { mulberry32 } from '../../test/helpers/rng.js';
import {
  cardNumber,
  checkDigit,
  luhnValid,
  randomDigits,
  scanText,
  type Hit,
} from '../../test/pan/helpers.js';
import { createMatcher, OVERLAP, scanRange, type RawHit } from './matcher.js';
import { matchOptions } from '../../test/pan/helpers.js';

const crafted = readFileSync(join(corpus, 'pan/crafted-cases.txt'));
type TestCard = { number: string; length: number; luhn: boolean; brand: string; label: string };
const testCards = JSON.parse(readFileSync(join(corpus, 'pan/test-cards.json'), 'utf8')) as TestCard[];

// The corpus README's line table: the ten lines that hold a full PAN (the rest must yield nothing).
const CRAFTED: readonly { line: number; pan: string; kind: 'pan' | 'track1' | 'track2'; brand: string }[] = [
  { line: 1, pan: '4111111111111111', kind: 'pan', brand: 'visa' },
  { line: 2, pan: '4111111111111111', kind: 'pan', brand: 'visa' },
  { line: 3, pan: '5555555555554444', kind: 'pan', brand: 'mastercard' },
  { line: 4, pan: '378282246310005', kind: 'pan', brand: 'amex' },
  { line: 5, pan: '4000056655665556', kind: 'track1', brand: 'visa' },
  { line: 6, pan: '4012888888881881', kind: 'track2', brand: 'visa' },
  { line: 13, pan: '6011111111111117', kind: 'pan', brand: 'discover' },
  { line: 16, pan: '36227206271667', kind: 'pan', brand: 'diners' },
  { line: 17, pan: '6205500000000000004', kind: 'pan', brand: 'unionpay' },
  { line: 18, pan: '6205500000000000004', kind: 'pan', brand: 'unionpay' },
];

function summary(hits: Hit[]) {
  return hits.map((h) => ({
    line: h.line,
    last4: h.last4,
    first6: h.first6,
    length: h.length,
    kind: h.kind,
  }));
}

function expectedOf(pan: string, line: number, kind: string) {
  return { line, last4: pan.slice(-4), first6: pan.slice(0, 6), length: pan.length, kind };
}

for (const minConfidence of ['medium', 'low'] as const) {
  test(`crafted-cases.txt: the ten PAN lines found, nothing else (min confidence ${minConfidence})`, () => {
    const hits = scanText(crafted, { minConfidence });
    assert.deepEqual(
      summary(hits),
      CRAFTED.map((c) => expectedOf(c.pan, c.line, c.kind)),
    );
    assert.deepEqual(
      hits.map((h) => h.brand),
      CRAFTED.map((c) => c.brand),
    );
    for (const h of hits) assert.equal(h.testCard, true, 'every crafted PAN is a published test number');
    const track = hits.filter((h) => h.kind !== 'pan');
    assert.ok(!track.some((h) => h.snippet.includes('DOE/JOHN')), 'the cardholder name is masked too');
    assert.ok(
      track.every((h) => h.sad && h.confidence === 'high'),
      'track data is SAD, high confidence',
    );
  });
}

test('test-cards.json: every Luhn-valid number found, branded, labelled; the two invalid ones not', () => {
  const brandOf: Record<string, string> = {
    'maestro(range 50,56-69)': 'maestro',
    'uatp(1)': 'uatp',
  };
  for (const card of testCards) {
    const hits = scanText(`payment ${card.number} ok\n`);
    if (!card.luhn) {
      assert.equal(hits.length, 0, `${card.label}: fails Luhn, not a card number`);
      continue;
    }
    assert.equal(hits.length, 1, `${card.label} ${card.number.slice(-4)}`);
    const h = hits[0]!;
    assert.equal(h.testCard, true, card.label);
    assert.equal(h.last4, card.number.slice(-4));
    assert.equal(h.length, card.length);
    // The corpus brand comes from a simplified prefix table; 3088 (legacy JCB) is 'none' there.
    const expected = card.brand === 'none' ? 'jcb' : (brandOf[card.brand] ?? card.brand);
    if (card.number === '1000000000000008') assert.equal(h.brand, 'uatp');
    else if (card.number.startsWith('6555')) assert.equal(h.brand, 'discover');
    else assert.equal(h.brand, expected, `${card.label} ${card.number.slice(-4)}`);
  }
});

// PAN-1 .. PAN-8 (known-traps.md §6), one test each, with the input of the trap.

test('PAN-1: digits after a decimal point are a fraction, not a card number', () => {
  const css = '.banner { transform: translate(0%, -0.5271839402615332%); }\n';
  assert.ok(luhnValid('5271839402615332'), 'the trap: the fraction passes Luhn');
  assert.deepEqual(scanText(css, { minConfidence: 'low' }), []);
  // The class, not the instance: any Luhn-valid card after "<digit>." or before ".<digit>".
  const rnd = mulberry32(101);
  for (let i = 0; i < 200; i++) {
    const pan = cardNumber(rnd, '4', 16);
    assert.deepEqual(
      scanText(`x=${randomDigits(rnd, 1 + (i % 3))}.${pan} y=${pan}.5\n`, { minConfidence: 'low' }),
      [],
    );
  }
  // PAN-5 keeps working with dots: a consistent dotted layout is a candidate.
  assert.equal(scanText('card 4111.1111.1111.1111 ok\n').length, 1);
});

test('PAN-2: a Luhn-valid window inside a longer digit run is never a card number', () => {
  const line = 'order_ref=9041172633855482039177604521207618843950\n';
  assert.ok(luhnValid('5482039177604521'));
  assert.deepEqual(scanText(line, { minConfidence: 'low' }), []);
  const rnd = mulberry32(102);
  for (let i = 0; i < 200; i++) {
    const pan = cardNumber(rnd, '4', 16);
    // At least 20 digits in all, so the whole run cannot be a card number either.
    const padded = `${randomDigits(rnd, 2 + (i % 4))}${pan}${randomDigits(rnd, 2 + (i % 3))}`;
    assert.deepEqual(scanText(`ref=${padded}\n`, { minConfidence: 'low' }), [], padded.length.toString());
  }
});

test('PAN-3: 13-digit millisecond timestamps are not card numbers', () => {
  const log = 'ts=1546300800035 GET /cart 200\nts=1546300800084 GET /checkout 302\n';
  assert.ok(luhnValid('1546300800035') && luhnValid('1546300800084'), 'the trap: both pass Luhn');
  assert.deepEqual(scanText(log, { minConfidence: 'low' }), []);
  // Any epoch value in s, ms, µs or ns between 2001 and 2033: no issuer starts with 1 (UATP is off).
  const rnd = mulberry32(103);
  for (let i = 0; i < 300; i++) {
    const ms = 978307200000 + Math.floor(rnd() * 1_000_000_000_000);
    for (const v of [String(ms), `${ms}${randomDigits(rnd, 3)}`, `${ms}${randomDigits(rnd, 6)}`]) {
      assert.deepEqual(scanText(`"created_at":${v},\n`, { minConfidence: 'low' }), [], v);
    }
  }
});

test('PAN-4: Mastercard 2-series and 19-digit numbers are found', () => {
  const hits = scanText('a 2223003122003222 b\nc 6205500000000000004 d\n');
  assert.deepEqual(
    hits.map((h) => [h.brand, h.length, h.last4]),
    [
      ['mastercard', 16, '3222'],
      ['unionpay', 19, '0004'],
    ],
  );
  // Generated numbers in the same ranges, so the test does not lean on the test-number list.
  const rnd = mulberry32(104);
  for (let i = 0; i < 300; i++) {
    const mc = cardNumber(rnd, String(2221 + Math.floor(rnd() * 500)), 16);
    const up = cardNumber(rnd, '62', 19);
    const found = scanText(`card ${mc}\ncard ${up}\n`);
    assert.deepEqual(
      found.map((h) => [h.brand, h.last4]),
      [
        ['mastercard', mc.slice(-4)],
        [
          up.startsWith('622') && Number(up.slice(0, 6)) >= 622126 && Number(up.slice(0, 6)) <= 622925
            ? 'discover'
            : 'unionpay',
          up.slice(-4),
        ],
      ],
      `${mc.slice(0, 6)} ${up.slice(0, 6)}`,
    );
  }
});

test('PAN-5: card numbers written in groups (space, dash, dot) are found', () => {
  const csv =
    'id,name,card\n1001,Jane Doe,4111 1111 1111 1111\n1002,John Roe,4111-1111-1111-1111\n1003,Max Poe,4111.1111.1111.1111\n';
  assert.deepEqual(
    scanText(csv).map((h) => [h.line, h.last4]),
    [
      [2, '1111'],
      [3, '1111'],
      [4, '1111'],
    ],
  );
});

test('PAN-6: well-known test numbers are found and labelled, not dropped', () => {
  const list = [
    '4111111111111111',
    '4012888888881881',
    '5555555555554444',
    '378282246310005',
    '6011111111111117',
  ];
  const hits = scanText(`${list.join('\n')}\n`);
  assert.deepEqual(
    hits.map((h) => [h.line, h.last4, h.testCard]),
    list.map((n, i) => [i + 1, n.slice(-4), true]),
  );
  assert.ok(hits.every((h) => h.reasons.includes('known-test-number')));
});

test('PAN-7: a float in exponent notation is not a card number', () => {
  for (const json of [
    '{"rate": 1.6759045839276e-7}\n',
    '{"rate": 8.46759045839276e-47}\n',
    '{"r": 2.3500000000000001E-3}\n',
  ]) {
    assert.deepEqual(scanText(json, { minConfidence: 'low' }), [], json);
  }
  assert.ok(luhnValid('6759045839276'));
});

test('PAN-8: a hit carries at most BIN and last four, and nothing in it spells the number', () => {
  const pan = '4111111111111111';
  for (const showFirst6 of [false, true]) {
    const hits = scanText('order 4111 1111 1111 1111 cvv=123 exp 12/28\n', { showFirst6 });
    assert.equal(hits.length, 1);
    const text = JSON.stringify(hits);
    assert.ok(!text.includes(pan) && !text.includes('4111 1111 1111 1111'), text);
    assert.ok(!/\d{7,}/.test(text.replace(/"(?:offset|newlines|length|line)":\d+/g, '')), text);
    assert.ok(!text.includes('123'), 'the CVV is masked in the snippet too');
    assert.equal(hits[0]!.first6, showFirst6 ? '411111' : undefined);
    assert.match(hits[0]!.snippet, /#### #### #### ####/);
  }
});

// Seeded property tests.

type BrandCase = { brand: string; prefixes: () => string; lengths: readonly number[] };

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

/** An independent brand table (from pan.md §2), with prefixes chosen outside overlapping ranges. */
function brandCases(rnd: () => number): BrandCase[] {
  const between = (lo: number, hi: number) => String(lo + Math.floor(rnd() * (hi - lo + 1)));
  return [
    { brand: 'visa', prefixes: () => '4', lengths: [13, 16, 18, 19] },
    {
      brand: 'mastercard',
      prefixes: () => (rnd() < 0.5 ? between(51, 55) : between(2221, 2720)),
      lengths: [16],
    },
    { brand: 'amex', prefixes: () => pick(rnd, ['34', '37']), lengths: [15] },
    {
      brand: 'discover',
      prefixes: () => pick(rnd, ['6011', between(644, 649), '65', between(622126, 622925)]),
      lengths: [16, 17, 18, 19],
    },
    { brand: 'jcb', prefixes: () => between(3528, 3589), lengths: [16, 17, 18, 19] },
    {
      brand: 'diners',
      prefixes: () => pick(rnd, [between(300, 305), '3095', '36', '38', '39']),
      lengths: [14, 16, 19],
    },
    {
      brand: 'unionpay',
      prefixes: () => pick(rnd, ['620', between(623, 626), between(810, 816)]),
      lengths: [14, 15, 16, 17, 18, 19],
    },
    { brand: 'mir', prefixes: () => between(2200, 2204), lengths: [16, 17, 18, 19] },
    {
      brand: 'maestro',
      prefixes: () => pick(rnd, ['50', between(56, 59), '63', '67']),
      lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    },
  ];
}

/** The layouts printers use for a number of this length, with one separator. */
function layouts(pan: string, rnd: () => number): string {
  const sep = pick(rnd, [' ', '-', '.']);
  const choice = rnd();
  if (choice < 0.3) return pan;
  if ((pan.length === 15 || pan.length === 14) && choice < 0.6) {
    return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(sep);
  }
  return pan.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
}

const FILLER = [
  'payment',
  'note:',
  'card',
  'value',
  'x',
  '"',
  '(',
  ')',
  ';',
  ',',
  '[',
  ']',
  'foo bar',
  '=',
  ':',
];

test('property: any valid number from the brand tables, in any printer layout, in random text, is found once', () => {
  const rnd = mulberry32(20261101);
  const cases = brandCases(rnd);
  for (let i = 0; i < 3000; i++) {
    const c = pick(rnd, cases);
    const length = pick(rnd, c.lengths);
    let pan = cardNumber(rnd, c.prefixes(), length);
    while (/(\d)\1{7}$/.test(pan)) pan = cardNumber(rnd, c.prefixes(), length);
    const written = layouts(pan, rnd);
    // Boundaries are never a letter, digit or underscore (that glues the number into a token).
    const left = `${pick(rnd, FILLER)}${pick(rnd, [' ', '\n', '=', '"', '('])}`;
    const right = `${pick(rnd, [' ', '\n', ',', '"', ')'])}${pick(rnd, FILLER)}`;
    const text = `${left}${written}${right}\n`;
    const hits = scanText(text, { minConfidence: 'low' });
    assert.equal(hits.length, 1, JSON.stringify(text.replace(/\d/g, '#')) + ` ${c.brand} ${length}`);
    const h = hits[0]!;
    assert.equal(h.brand, c.brand, `${pan.slice(0, 6)} ${length}`);
    assert.equal(h.last4, pan.slice(-4));
    assert.equal(h.first6, pan.slice(0, 6));
    assert.equal(h.length, length);
    assert.equal(h.offset, Buffer.byteLength(left, 'latin1'));
    // Above the default threshold unless the range alone says little (Maestro) and nothing else helps.
    if (c.brand !== 'maestro') assert.notEqual(h.confidence, 'low');
  }
});

test('property: digit noise without a valid issuer range and Luhn is never reported', () => {
  const rnd = mulberry32(7);
  const cases = brandCases(rnd);
  for (let i = 0; i < 3000; i++) {
    let noise: string;
    if (i % 2 === 0) {
      // A brand prefix and length, but a wrong check digit.
      const c = pick(rnd, cases);
      const length = pick(rnd, c.lengths);
      const body = c.prefixes() + randomDigits(rnd, length - 1 - c.prefixes().length + 0);
      const trimmed = body.slice(0, length - 1);
      const good = checkDigit(trimmed);
      noise = trimmed + String((Number(good) + 1 + Math.floor(rnd() * 9)) % 10);
    } else {
      // Luhn-valid, but no issuer uses the first digit.
      noise = cardNumber(rnd, pick(rnd, ['0', '7', '9']), 12 + Math.floor(rnd() * 8));
    }
    const hits = scanText(`${pick(rnd, FILLER)} ${layouts(noise, rnd)} ${pick(rnd, FILLER)}\n`, {
      minConfidence: 'low',
    });
    assert.deepEqual(hits, [], noise.replace(/\d/g, '#'));
  }
});

test('property: numbers glued to letters, hex, underscores or longer runs are never reported', () => {
  const rnd = mulberry32(99);
  for (let i = 0; i < 1000; i++) {
    const pan = cardNumber(rnd, '4', 16);
    const glue = pick(rnd, ['a', 'F', '_', 'x9', 'deadbeef', 'Z']);
    const text = rnd() < 0.5 ? `k=${glue}${pan} ` : `k=${pan}${glue} `;
    assert.deepEqual(scanText(text, { minConfidence: 'low' }), [], text.replace(/\d/g, '#'));
  }
});

// Chunk boundaries: ranges owned by different workers (or window positions) must not lose or
// duplicate a number, whatever the split point.

const BOUNDARY_TEXT = [
  'head line with an id 5940139491234 and more words to pad things out',
  'pay 4111 1111 1111 1111 exp 12/28',
  '%B4000056655665556^DOE/JOHN^2812101000000000000?',
  'amex=3782-822463-10005 cvv=1234',
  't2=;4012888888881881=28121010000000000?',
  '{"number":"6205500000000000004","cvc":"123"}',
  'tail 2223003122003222',
].join('\n');

function splitScan(text: Buffer, cuts: number[]): RawHit[] {
  const m = createMatcher(matchOptions());
  const out: RawHit[] = [];
  const bounds = [0, ...cuts, text.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const own0 = bounds[k]!;
    const own1 = bounds[k + 1]!;
    const lo = Math.max(0, own0 - OVERLAP);
    const hi = Math.min(text.length, own1 + OVERLAP);
    scanRange(m, text, lo, hi, own0, own1, lo === 0, hi === text.length, out);
  }
  return out;
}

test('chunk boundaries: every split point yields each number exactly once', () => {
  const text = Buffer.from(BOUNDARY_TEXT, 'latin1');
  const whole = splitScan(text, []);
  assert.equal(whole.length, 6);
  const key = (h: RawHit) => `${h.start}:${h.end}:${h.last4}:${h.kind}:${h.confidence}`;
  for (let cut = 0; cut <= text.length; cut++) {
    assert.deepEqual(splitScan(text, [cut]).map(key), whole.map(key), `cut at ${cut}`);
  }
  // Many small ranges at once (smaller than a number).
  for (const size of [1, 2, 3, 5, 7, 13, 29]) {
    const cuts: number[] = [];
    for (let c = size; c < text.length; c += size) cuts.push(c);
    assert.deepEqual(splitScan(text, cuts).map(key), whole.map(key), `ranges of ${size}`);
  }
});

test('chunk boundaries: a stream pushed in pieces of any size gives the same hits and lines', () => {
  // Bigger than the window, so it slides and compacts many times.
  const rnd = mulberry32(5);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++)
    lines.push(
      i % 37 === 5 ? BOUNDARY_TEXT : `filler ${randomDigits(rnd, 6)} line ${i} ${'x'.repeat(i % 50)}`,
    );
  const text = Buffer.from(lines.join('\n'), 'latin1');
  const whole = scanText(text);
  assert.ok(whole.length >= 60);
  const key = (h: Hit) => `${h.offset}:${h.line}:${h.last4}:${h.kind}`;
  for (const piece of [1, 7, 100, 1000, 4095, 4096, 5000]) {
    assert.deepEqual(scanText(text, {}, piece).map(key), whole.map(key), `pieces of ${piece}`);
  }
  const nl = (off: number) => text.subarray(0, off).toString('latin1').split('\n').length;
  for (const h of whole) assert.equal(h.line, nl(h.offset));
});

test('property: the cheap evidence scan for weak ranges never drops what the full context check keeps', () => {
  const rnd = mulberry32(424242);
  const evidence = [
    'card ',
    'cc=',
    'CC: ',
    '"number":"',
    '<cardNumber>',
    'Kreditkarte ',
    'acct_num=',
    'pan=',
    'payment_method.card.number: ',
    'giftcard_id=',
    'Credit ',
    'VISA ',
  ];
  const after = [
    ' exp 12/28',
    ' 01/2031',
    ' cvv=123',
    ' CVV2: 1234',
    ' valid thru 02/29',
    ' security code 999',
    ' expires',
    '',
  ];
  const filler = ['order ', 'id=', '"order_id":', 'ts ', 'x ', '(', 'values (1,', ''];
  for (let i = 0; i < 2000; i++) {
    const pan = cardNumber(rnd, pick(rnd, ['50', '56', '58', '63', '67']), 12 + Math.floor(rnd() * 8));
    const left = rnd() < 0.5 ? pick(rnd, evidence) : pick(rnd, filler);
    const right = rnd() < 0.5 ? pick(rnd, after) : ` ${pick(rnd, filler)}`;
    const text = `${pick(rnd, filler)}${left}${pan}${right}\n`;
    const full = scanText(text, { minConfidence: 'low' }).filter((h) => h.confidence !== 'low');
    assert.deepEqual(scanText(text), full, text.replace(/\d/g, '#'));
  }
});
