// Parses IP addresses and CIDR blocks in every spelling firewall rules use into (family, network,
// prefix) numbers, so nothing downstream ever compares address strings.
import ipaddr from 'ipaddr.js';
import type { IpFamily } from '../../model/digitalocean.js';

export type { IpFamily };

/** A parsed block. `network` has the host bits cleared; `text` is what was written. */
export type Cidr = {
  family: IpFamily;
  network: bigint;
  prefix: number;
  text: string;
  /**
   * Written as an IPv4-mapped IPv6 block (`::ffff:192.0.2.1`, prefix >= 96) and read as the IPv4 block it
   * denotes (RFC 4291 §2.5.5.2). Whether DigitalOcean matches IPv4 traffic against such an entry is
   * unconfirmed, so exposure treats these entries as uncertain.
   */
  mappedFromIpv6: boolean;
  /** Host bits were set in what was written (`10.0.0.1/8`); the block is read as its network. */
  hostBitsSet: boolean;
};

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; text: string; error: string };

export const ADDRESS_BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function maxAddress(family: IpFamily): bigint {
  return (1n << BigInt(ADDRESS_BITS[family])) - 1n;
}

// Four decimal parts, each 0-255 without leading zeros. inet_aton's other forms ("127.1", "0x7f.0.0.1",
// "010.0.0.1" which is octal 8 to some parsers and decimal 10 to others) are ambiguous: refusing them
// makes the verdicts that depend on them unknown instead of guessed.
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

function strictIpv4(text: string): number[] | null {
  const m = DOTTED_QUAD.exec(text);
  if (m === null) return null;
  const octets = m.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function bytesToBigInt(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bigIntToBytes(value: bigint, count: number): number[] {
  const out = new Array<number>(count);
  let v = value;
  for (let i = count - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

type ParsedAddress = { family: IpFamily; value: bigint; mapped: boolean };

function parseBareAddress(text: string): ParsedAddress | { error: string } {
  if (text.includes(':')) {
    if (text.includes('%')) return { error: 'an IPv6 zone id (%...) has no meaning in a firewall rule' };
    const lastColon = text.lastIndexOf(':');
    const tail = text.slice(lastColon + 1);
    if (tail.includes('.') && strictIpv4(tail) === null) {
      return { error: `the embedded IPv4 part "${tail}" is not four decimal numbers 0-255` };
    }
    if (!ipaddr.IPv6.isValid(text)) return { error: 'not a valid IPv6 address' };
    const a = ipaddr.IPv6.parse(text);
    return { family: 6, value: bytesToBigInt(a.toByteArray()), mapped: a.isIPv4MappedAddress() };
  }
  const octets = strictIpv4(text);
  if (octets === null) {
    return { error: 'not a valid IPv4 address (expected four decimal numbers 0-255 without leading zeros)' };
  }
  return { family: 4, value: bytesToBigInt(octets), mapped: false };
}

/** Parses one address (no prefix). */
export function parseAddress(text: string): { family: IpFamily; value: bigint } | null {
  const r = parseBareAddress(text.trim());
  if ('error' in r) return null;
  if (r.mapped) return { family: 4, value: r.value & maxAddress(4) };
  return { family: r.family, value: r.value };
}

/**
 * Parses `a.b.c.d/n`, `x::y/n` or a bare address (a /32 or /128). Every spelling of the same block gives
 * the same numbers: `::/0`, `::0/0` and `0::/0` are all "any IPv6 address".
 */
export function parseCidr(input: string): CidrParse {
  const text = input.trim();
  const fail = (error: string): CidrParse => ({ ok: false, text: input, error });
  if (text === '') return fail('empty address');
  const slash = text.indexOf('/');
  const addrText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const addr = parseBareAddress(addrText);
  if ('error' in addr) return fail(addr.error);
  const bits = ADDRESS_BITS[addr.family];
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return fail(`prefix length "${prefixText}" is not a number`);
    prefix = Number(prefixText);
    if (prefix > bits) return fail(`prefix length /${prefix} is longer than ${bits} bits`);
  }
  let family = addr.family;
  let value = addr.value;
  let mappedFromIpv6 = false;
  // A mapped block of /96 or longer lies entirely inside ::ffff:0:0/96 and denotes IPv4 addresses.
  if (addr.mapped && prefix >= 96) {
    family = 4;
    value &= maxAddress(4);
    prefix -= 96;
    mappedFromIpv6 = true;
  }
  const hostMask = (1n << BigInt(ADDRESS_BITS[family] - prefix)) - 1n;
  const network = value & ~hostMask & maxAddress(family);
  return {
    ok: true,
    cidr: { family, network, prefix, text: input, mappedFromIpv6, hostBitsSet: network !== value },
  };
}

export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) return bigIntToBytes(value, 4).join('.');
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((value >> BigInt(16 * i)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

export function formatCidr(c: Pick<Cidr, 'family' | 'network' | 'prefix'>): string {
  return `${formatAddress(c.family, c.network)}/${c.prefix}`;
}

/** First and last address of a block, inclusive. */
export function cidrBounds(c: Pick<Cidr, 'family' | 'network' | 'prefix'>): { start: bigint; end: bigint } {
  const size = 1n << BigInt(ADDRESS_BITS[c.family] - c.prefix);
  return { start: c.network, end: c.network + size - 1n };
}
