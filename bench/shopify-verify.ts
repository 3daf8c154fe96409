// Throughput of webhook verification on a 1 KB body: cdeguard's verifyWebhook against a bare
// createHmac + timingSafeEqual (the floor, in its two natural forms) and against @shopify/shopify-api's
// webhooks.validate, in one run. Run: npm run bench:shopify   (option: --rounds N, default 40)
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { verifyWebhook, type Secrets } from '../src/shopify/index.js';

const argRounds = process.argv.indexOf('--rounds');
const ROUNDS = argRounds > 0 ? Number(process.argv[argRounds + 1]) : 150;
/** Each timed sample runs for about this long; short samples, many rounds, so drift hits all alike. */
const SAMPLE_MS = 10;

const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const secrets: Secrets = [SECRET];
// A 1 KB ASCII JSON body, so the string Shopify's library needs has exactly the same bytes.
const BODY_TEXT = JSON.stringify({ id: 820982911946154500, note: 'x'.repeat(1024) }).slice(0, 1023) + '}';
const BODY = Buffer.from(BODY_TEXT, 'utf8');
const HEADER = createHmac('sha256', SECRET).update(BODY).digest('base64');

const shopify = shopifyApi({
  apiKey: 'bench',
  apiSecretKey: SECRET,
  hostName: 'localhost',
  apiVersion: ApiVersion.January26,
  isEmbeddedApp: false,
  logger: { level: LogSeverity.Error },
});
// The node adapter reads only headers, method and url from the request; a plain object stands in for it.
const fakeRequest = {
  method: 'POST',
  url: '/webhooks',
  headers: {
    'x-shopify-hmac-sha256': HEADER,
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'example-shop.myshopify.com',
    'x-shopify-api-version': '2026-01',
    'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
  },
};
const fakeResponse = {};

type Contender = { name: string; run: (n: number) => Promise<number> | number };

const contenders: Contender[] = [
  {
    name: 'bare: decode header, compare digests',
    run: (n) => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        const mac = createHmac('sha256', SECRET).update(BODY).digest();
        if (timingSafeEqual(mac, Buffer.from(HEADER, 'base64'))) ok++;
      }
      return ok;
    },
  },
  {
    name: 'bare: encode digest, compare base64',
    run: (n) => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        const mac = Buffer.from(createHmac('sha256', SECRET).update(BODY).digest('base64'));
        const header = Buffer.from(HEADER);
        if (mac.length === header.length && timingSafeEqual(mac, header)) ok++;
      }
      return ok;
    },
  },
  {
    name: 'cdeguard verifyWebhook',
    run: (n) => {
      let ok = 0;
      for (let i = 0; i < n; i++)
        if (verifyWebhook({ rawBody: BODY, hmacHeader: HEADER, secrets }).valid) ok++;
      return ok;
    },
  },
  {
    name: '@shopify/shopify-api webhooks.validate',
    run: async (n) => {
      let ok = 0;
      for (let i = 0; i < n; i++) {
        const r = await shopify.webhooks.validate({
          rawBody: BODY_TEXT,
          rawRequest: fakeRequest,
          rawResponse: fakeResponse,
        });
        if (r.valid) ok++;
      }
      return ok;
    },
  },
];

async function timed(c: Contender, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  const ok = await c.run(n);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // Every call must verify; a fast "false" would measure nothing.
  if (ok !== n) throw new Error(`${c.name}: ${n - ok} of ${n} calls did not verify`);
  return n / seconds;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// Warm-up (JIT, lazy initialisation), then size each sample to about SAMPLE_MS.
const iterations = new Map<Contender, number>();
for (const c of contenders) {
  await timed(c, 2000);
  const rate = await timed(c, 5000);
  iterations.set(c, Math.max(1000, Math.round((rate * SAMPLE_MS) / 1000)));
}

// Rounds interleave the contenders, rotating the order, so drift and order effects hit all of them alike.
const rates = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < contenders.length; k++) {
    const c = contenders[(round + k) % contenders.length] as Contender;
    rates.get(c)?.push(await timed(c, iterations.get(c) as number));
  }
}

const [bareDecode, bareEncode, ours, shopifyLib] = contenders;
const rateOf = (c: Contender | undefined) => rates.get(c as Contender) ?? [];
/** Per-round ratios: each pair of samples ran back to back, so machine-wide slowdowns cancel out. */
const pairedRatio = (a: Contender | undefined, b: Contender | undefined) =>
  median(rateOf(a).map((x, i) => x / (rateOf(b)[i] as number)));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(
  `Node ${process.version}, body ${BODY.length} bytes, ${ROUNDS} rounds of ~${SAMPLE_MS} ms per implementation\n`,
);
console.log('| implementation | ops/s (median) | min | max | cdeguard ÷ this (paired median) |');
console.log('|---|---:|---:|---:|---:|');
for (const c of contenders) {
  const r = rateOf(c);
  const ratio = c === ours ? '—' : `${pairedRatio(ours, c).toFixed(3)}×`;
  console.log(
    `| ${c.name} | ${fmt(median(r))} | ${fmt(Math.min(...r))} | ${fmt(Math.max(...r))} | ${ratio} |`,
  );
}
// Against the floor, the stricter of the two bare forms counts.
const vsBare = Math.min(pairedRatio(ours, bareDecode), pairedRatio(ours, bareEncode));
const vsShopify = pairedRatio(ours, shopifyLib);
console.log(
  `\nverifyWebhook vs the faster bare form: ${vsBare.toFixed(3)}× (target ≥ 0.95×): ${vsBare >= 0.95 ? 'met' : 'MISSED'}`,
);
console.log(
  `verifyWebhook vs @shopify/shopify-api:  ${vsShopify.toFixed(1)}× (target ≥ 1.5×): ${vsShopify >= 1.5 ? 'met' : 'MISSED'}`,
);
if (vsBare < 0.95 || vsShopify < 1.5) process.exitCode = 1;
