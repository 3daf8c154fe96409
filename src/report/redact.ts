// The last gate before anything leaves cdeguard: masks card numbers (to first six / last four) and
// tokens (to their prefix) in any text, whatever produced it. Every output path goes through here.

const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(do[opr]_v1_)[0-9a-f]{8,}\b/gi, // DigitalOcean personal, OAuth and refresh tokens
  /\b(shp(?:at|ca|pa|ss|tka)_)[0-9a-f]{8,}\b/gi, // Shopify access tokens and shared secrets
  /\b(gh[pousr]_)[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\b(AKIA)[0-9A-Z]{16}\b/g, // AWS access key ids
];

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// 12-19 digits, optionally in groups separated by one space, dash or dot, not glued to other digits.
const PAN_CANDIDATE = /(?<![0-9])[0-9](?:[ .-]?[0-9]){11,18}(?![0-9])/g;

export function maskPan(digits: string): string {
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export function redact(text: string): string {
  let out = text;
  for (const p of TOKEN_PATTERNS) out = out.replace(p, (_m, prefix: string) => `${prefix}****`);
  return out.replace(PAN_CANDIDATE, (m) => {
    const digits = m.replace(/[ .-]/g, '');
    // Over-masking a number that only looks like a card number is the safe mistake here.
    return digits.length >= 12 && digits.length <= 19 && luhnValid(digits) ? maskPan(digits) : m;
  });
}
