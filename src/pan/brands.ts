// Issuer (IIN) ranges with the lengths each issuer uses, as a lookup on the first six digits so the
// hot path never builds a string. Source: braintree/credit-card-type v10.3.0, cross-checked in pan.md §2.

export const BRANDS = [
  'visa',
  'mastercard',
  'amex',
  'discover',
  'jcb',
  'diners',
  'unionpay',
  'maestro',
  'mir',
  'uatp',
  'unknown',
] as const;
export type Brand = (typeof BRANDS)[number];

type Rule = {
  brand: Brand;
  /** Inclusive prefix ranges; both ends have the same number of digits (1 to 6). */
  ranges: readonly (readonly [string, string])[];
  lengths: readonly number[];
};

const L16_19 = [16, 17, 18, 19];

// Order is precedence: where ranges overlap, the earlier (more specific) rule wins for a length it
// allows. Maestro is last because its ranges cover most 5x/6x numbers, 13-digit Shopify ids included.
const RULES: readonly Rule[] = [
  { brand: 'mir', ranges: [['2200', '2204']], lengths: L16_19 },
  {
    brand: 'mastercard',
    ranges: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  // 13-digit Visa is legacy, but published test numbers of that length still turn up in logs.
  { brand: 'visa', ranges: [['4', '4']], lengths: [13, 16, 18, 19] },
  {
    brand: 'amex',
    ranges: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    brand: 'diners',
    ranges: [
      ['300', '305'],
      ['3095', '3095'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 16, 19],
  },
  { brand: 'jcb', ranges: [['3528', '3589']], lengths: L16_19 },
  {
    brand: 'jcb',
    ranges: [
      ['2131', '2131'],
      ['1800', '1800'],
    ],
    lengths: [15],
  },
  // Legacy JCB ranges on the Discover network; Authorize.Net still publishes a 3088 test card.
  {
    brand: 'jcb',
    ranges: [
      ['3088', '3094'],
      ['3096', '3102'],
      ['3112', '3120'],
      ['3158', '3159'],
      ['3337', '3349'],
    ],
    lengths: [16],
  },
  {
    brand: 'discover',
    ranges: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
      ['622126', '622925'],
    ],
    lengths: L16_19,
  },
  {
    brand: 'unionpay',
    ranges: [
      ['62', '62'],
      ['810', '816'],
      ['8170', '8171'],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  {
    brand: 'maestro',
    ranges: [
      ['50', '50'],
      ['56', '69'],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
];

/** Brands whose range alone says little: a number there is low confidence without card context. */
export const WEAK_BRANDS: ReadonlySet<Brand> = new Set<Brand>(['maestro', 'uatp', 'unknown']);

export const MIN_PAN_DIGITS = 12;
export const MAX_PAN_DIGITS = 19;

type BrandTables = {
  /** 6-digit prefix -> index of its ordered set of candidate rules. */
  prefixSet: Uint8Array;
  /** set index * 20 + length -> BRANDS index + 1 (0: no brand). */
  byLength: Uint8Array;
};

function buildTables(): BrandTables {
  // Rule ranges as 6-digit prefix intervals; the prefix space splits into a few hundred segments with
  // one rule set each, filled in bulk (a per-prefix loop cost tens of milliseconds per thread start).
  const spans = RULES.flatMap((rule, r) =>
    rule.ranges.map(([lo, hi]) => {
      const scale = 10 ** (6 - lo.length);
      return { r, from: Number(lo) * scale, to: (Number(hi) + 1) * scale };
    }),
  );
  const cuts = [...new Set([0, 1_000_000, ...spans.flatMap((x) => [x.from, x.to])])].sort((x, y) => x - y);
  const ids = new Map<number, number>();
  const prefixSet = new Uint8Array(1_000_000);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] ?? 0;
    const to = cuts[i + 1] ?? 0;
    let mask = 0;
    for (const x of spans) if (x.from <= from && from < x.to) mask |= 1 << x.r;
    let id = ids.get(mask);
    if (id === undefined) {
      id = ids.size;
      ids.set(mask, id);
    }
    prefixSet.fill(id, from, to);
  }
  const byLength = new Uint8Array(ids.size * 20);
  for (const [mask, id] of ids) {
    for (let len = MIN_PAN_DIGITS; len <= MAX_PAN_DIGITS; len++) {
      const rule = RULES.find((x, r) => (mask & (1 << r)) !== 0 && x.lengths.includes(len));
      if (rule) byLength[id * 20 + len] = BRANDS.indexOf(rule.brand) + 1;
    }
  }
  return { prefixSet, byLength };
}

// Built once at load and never written afterwards: a read-only lookup, not state.
const TABLES = buildTables();

/**
 * Brand index + 1 for a number of `length` digits whose first six digits are `prefix6` (0 when no
 * issuer uses that prefix at that length). UATP (leading 1) is opt-in and handled by the caller.
 */
export function brandCode(prefix6: number, length: number): number {
  return TABLES.byLength[(TABLES.prefixSet[prefix6] ?? 0) * 20 + length] ?? 0;
}

export function brandName(code: number): Brand {
  return BRANDS[code - 1] ?? 'unknown';
}

export const BRAND_LABELS: Readonly<Record<Brand, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
  maestro: 'Maestro',
  mir: 'Mir',
  uatp: 'UATP',
  unknown: 'unknown brand',
};
