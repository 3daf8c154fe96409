// What the text around a confirmed candidate says about it: the field it is the value of, card words,
// an expiry date or a verification code nearby. Works on a copy of the line in which every digit is
// already '#', so no card number (or CVV) ever becomes a JavaScript string.

export type ContextVerdict = {
  /** Name of the field the number is the value of (`"number":`, `cc=`, `<cardNumber>`), lowercased. */
  field: string | undefined;
  /** The field name says card number. */
  cardField: boolean;
  /** The field name says something else: an id, a timestamp, a tracking or phone number, an amount. */
  idField: boolean;
  /** A card word (card, cc, credit, visa, ...) shortly before the number. */
  cardKeyword: boolean;
  /** An expiry date or an expiry keyword on the same line. */
  expiry: boolean;
  /** A card verification code (CVV, CVC, CID, security code) with a value on the same line. */
  cvv: boolean;
};

// `<cardNumber>` or `<field name="pan">` right before the number.
const XML_TAG = /<([a-z_][a-z0-9_:.-]{0,63})(?:\s[^<>]{0,80})?>\s*$/;
// Characters of a field name as it appears in JSON, query strings, logs and PHP/Ruby dumps.
const KEY_CHAR = /[a-z0-9_#.[\]%-]/;

/**
 * The field whose value starts at the end of `before`: `"key": "`, `key=`, `key: `, `[key] => `.
 * A backwards parse, not a regex: a `$`-anchored regex retries from every position of the line.
 */
function keyBefore(before: string): { key: string; length: number } | undefined {
  let i = before.length - 1;
  const at = (j: number) => before.charAt(j);
  while (i >= 0 && (at(i) === '"' || at(i) === "'" || at(i) === '[' || at(i) === ' ')) i--;
  if (i < 0) return undefined;
  if (at(i) === '>' && at(i - 1) === '=') i -= 2;
  else if (at(i) === ':' || at(i) === '=') i--;
  else return undefined;
  while (i >= 0 && (at(i) === ' ' || at(i) === '"' || at(i) === "'" || at(i) === ']')) i--;
  const end = i + 1;
  while (i >= 0 && end - i <= 64 && KEY_CHAR.test(at(i))) i--;
  const key = before.slice(i + 1, end);
  if (key === '' || !/^[a-z_#]/.test(key)) return undefined;
  return { key, length: before.length - i - 1 };
}

const CARD_FIELD =
  /card|(?:^|[^a-z])cc(?:[^a-z]|num|no|n$|$)|(?:^|[^a-z])pan(?:[^a-z]|$)|acct_?(?:num|no)|account_?(?:number|num|no)|^(?:number|num|no)$|credit|primary_?account/;
const ID_FIELD =
  /(?:^|[^a-z])ids?(?:[^a-z]|$)|_id|uuid|guid|order|invoice|receipt|track|shipment|parcel|awb|phone|mobile|(?:^|[^a-z])tel(?:[^a-z]|$)|fax|msisdn|time|(?:^|[^a-z])ts(?:[^a-z]|$)|stamp|date|created|updated|(?:^|_)at$|_ms$|epoch|nonce|(?:^|[^a-z])seq|serial|imei|iccid|sku|upc|ean|gtin|isbn|barcode|zip|postal|customer|user|session|request|trace|span|hash|checksum|size|bytes|count|amount|price|total|qty|quantity|balance|version|(?:^|[^a-z])ref/;

// Words are bounded by anything but letters and digits ('#'): "cc2bdde0" in a UUID is not "cc".
const CARD_WORD =
  /(?:^|[^a-z#])(?:card|cards|cc|ccn|credit|debit|pan|visa|mastercard|amex|discover|maestro|jcb|diners|unionpay|cardholder|karte|carte|tarjeta)(?:[^a-z#]|$)/;
const EXPIRY_WORD =
  /(?:^|[^a-z#])(?:exp|expiry|expires|expiration|exp_?(?:month|year|date)|expir[a-z]*|valid thru|valid until|mm\/?yy)(?:[^a-z#]|$)/;
// MM/YY or MM/YYYY shortly after the number (digits are '#').
const EXPIRY_DATE = /^[^#]{0,16}?(?:^|[^#])##\s?[/-]\s?(?:####|##)(?!#)/;
const CVV =
  /(?:^|[^a-z#])(?:cvv2?|cvc2?|cvn|cid|csc|cav2|cvd|security[ _-]?code|card[ _-]?verification(?:[ _-]?(?:code|value|number))?|verification[ _-]?(?:code|value))["']?\s*[:=]?\s*["']?#{3,4}(?!#)/;

// Anything that could start one of the patterns above: one cheap pass that settles most lines, which
// hold no card words at all (checked before the precise patterns, never instead of them).
const ANY_EVIDENCE =
  /card|cc|cv|cid|csc|cav|pan|cred|debit|visa|master|amex|discover|maestro|jcb|diners|unionpay|karte|carte|tarjeta|exp|valid|mm\/?yy|secur|verif|##\s?[/-]\s?##/;

/** Text this far before a number (and after it) can speak for it; further back is another field. */
export const NEAR_BEFORE = 100;
export const NEAR_AFTER = 60;

/**
 * Judges the masked, lowercased text of the line before and after a candidate (the matcher passes
 * at most NEAR_BEFORE and NEAR_AFTER characters).
 */
export function judgeContext(before: string, after: string): ContextVerdict {
  const near = before.length > NEAR_BEFORE ? before.slice(-NEAR_BEFORE) : before;
  const soon = after.length > NEAR_AFTER ? after.slice(0, NEAR_AFTER) : after;
  const kv = keyBefore(near);
  const tag = kv === undefined && near.includes('<') ? XML_TAG.exec(near) : null;
  const field = kv?.key ?? tag?.[1];
  const fieldLength = kv?.length ?? tag?.[0].length ?? 0;
  const cardField = field !== undefined && CARD_FIELD.test(field);
  const idField = field !== undefined && !cardField && ID_FIELD.test(field);
  const keywordText = near.slice(0, near.length - fieldLength);
  const any = ANY_EVIDENCE.test(near) || ANY_EVIDENCE.test(soon);
  // One object shape for every call: a conditional spread here cost microseconds per candidate.
  return {
    field,
    cardField,
    idField,
    cardKeyword: any && CARD_WORD.test(keywordText),
    expiry: any && (EXPIRY_DATE.test(soon) || EXPIRY_WORD.test(soon) || EXPIRY_WORD.test(near)),
    cvv: any && (CVV.test(soon) || CVV.test(near)),
  };
}
