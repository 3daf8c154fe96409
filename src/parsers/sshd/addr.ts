// Numeric IPv4/IPv6 parsing, CIDR and address-list matching as sshd does it (addr.c, addrmatch.c, glibc
// getaddrinfo(AI_NUMERICHOST) and getnameinfo(NI_NUMERICHOST)), for Match Address/LocalAddress and ListenAddress.
import { matchPattern } from './libc.js';

export type XAddr = { af: 4 | 6; bytes: number[]; scope: number };

/** glibc inet_aton_exact(): a, a.b, a.b.c, a.b.c.d with decimal, 0-octal or 0x-hex parts. */
function parseV4(s: string): number[] | null {
  if (s === '') return null;
  const parts = s.split('.');
  if (parts.length > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    let m: RegExpMatchArray | null;
    let v: number;
    if ((m = /^0[xX]([0-9a-fA-F]*)$/.exec(p))) v = m[1] === '' ? 0 : parseInt(m[1] as string, 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return null;
    if (!Number.isFinite(v) || v > 0xffffffff) return null;
    vals.push(v);
  }
  const n = vals.length;
  const last = vals[n - 1] as number;
  const head = vals.slice(0, n - 1);
  if (head.some((v) => v > 255)) return null;
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][n - 1] as number;
  if (last > lastMax) return null;
  const out = [0, 0, 0, 0];
  head.forEach((v, i) => (out[i] = v));
  for (let i = 3; i >= n - 1; i--) out[i] = Math.floor(last / 256 ** (3 - i)) % 256;
  return out;
}

/** glibc inet_pton4(): strict dotted quad, no leading zeros (used inside IPv6 literals). */
function parseV4Strict(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

/** glibc inet_pton6(). */
function parseV6(s: string): number[] | null {
  if (s === '' || s.includes(':::')) return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const side = (x: string): number[] | null => {
    if (x === '') return [];
    const groups = x.split(':');
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4Strict(g);
        if (!v4) return null;
        words.push(
          ((v4[0] as number) << 8) | (v4[1] as number),
          ((v4[2] as number) << 8) | (v4[3] as number),
        );
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        words.push(parseInt(g, 16));
      }
    }
    return words;
  };
  let words: number[];
  if (dbl >= 0) {
    const l = side(s.slice(0, dbl));
    const r = side(s.slice(dbl + 2));
    if (!l || !r || l.length + r.length > 7) return null;
    words = [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  } else {
    const w = side(s);
    if (!w || w.length !== 8) return null;
    words = w;
  }
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** addr_pton(): getaddrinfo(AI_NUMERICHOST). Only numeric scope ids are understood offline. */
export function addrPton(s: string): XAddr | null {
  const v4 = parseV4(s);
  if (v4) return { af: 4, bytes: v4, scope: 0 };
  let host = s;
  let scope = 0;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    const sc = s.slice(pct + 1);
    if (!/^[0-9]+$/.test(sc)) return null;
    scope = Number(sc) >>> 0;
    host = s.slice(0, pct);
  }
  const v6 = parseV6(host);
  return v6 ? { af: 6, bytes: v6, scope } : null;
}

function hostBitsZero(a: XAddr, masklen: number): boolean {
  return a.bytes.every((b, i) => {
    const bitsInMask = Math.max(0, Math.min(8, masklen - i * 8));
    const hostMask = 0xff >> bitsInMask;
    return (b & hostMask) === 0;
  });
}

/** addr_pton_cidr(): 0 with the network, -1 unparseable, -2 inconsistent mask length. */
export function addrPtonCidr(p: string): { addr: XAddr; masklen: number } | -1 | -2 {
  if (p.length >= 64) return -1;
  let addrPart = p;
  let masklen = 999;
  const slash = p.indexOf('/');
  let hasMask = false;
  if (slash >= 0) {
    addrPart = p.slice(0, slash);
    const mp = p.slice(slash + 1);
    // strtoul(): leading digit required by sshd's own check, then the whole rest must be digits.
    if (!/^[0-9]/.test(mp) || !/^[0-9]+$/.test(mp)) return -1;
    masklen = Number(mp);
    if (masklen > 128) return -1;
    hasMask = true;
  }
  const a = addrPton(addrPart);
  if (!a) return -1;
  if (!hasMask) masklen = a.af === 4 ? 32 : 128;
  if (masklen > (a.af === 4 ? 32 : 128)) return -2;
  if (!hostBitsZero(a, masklen)) return -2;
  return { addr: a, masklen };
}

function netmatch(host: XAddr, net: XAddr, masklen: number): boolean {
  if (host.af !== net.af) return false;
  for (let i = 0; i < host.bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, masklen - i * 8));
    const mask = (0xff << (8 - bits)) & 0xff;
    if (((host.bytes[i] as number) & mask) !== (net.bytes[i] as number)) return false;
  }
  // addr_cmp() also compares the IPv6 scope id.
  return host.af === 4 || host.scope === net.scope;
}

/**
 * addrmatch.c addr_match_list(): 1 match, 0 none, -1 negated match, -2 malformed list. With addr null it
 * only validates the list (sshd's syntax pass). An address that does not parse never matches.
 */
export function addrMatchList(addr: string | null, list: string): number {
  let tryAddr: XAddr | null = null;
  if (addr !== null) {
    tryAddr = addrPton(addr);
    if (!tryAddr) return 0;
  }
  let ret = 0;
  for (const entry of list.split(',')) {
    const neg = entry.startsWith('!');
    const cp = neg ? entry.slice(1) : entry;
    if (cp === '') return -2;
    const r = addrPtonCidr(cp);
    let found = false;
    if (r === -2) return -2;
    if (r !== -1) {
      if (tryAddr && netmatch(tryAddr, r.addr, r.masklen)) found = true;
    } else if (addr !== null && matchPattern(addr, cp)) {
      found = true;
    }
    if (found) {
      if (neg) return -1;
      ret = 1;
    }
  }
  return ret;
}

/** getnameinfo(NI_NUMERICHOST) text of an address, as `sshd -T` prints listen addresses. */
export function formatAddr(a: XAddr): string {
  if (a.af === 4) return a.bytes.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((a.bytes[i] as number) << 8) | (a.bytes[i + 1] as number));
  // glibc inet_ntop6: compress the first longest run (length >= 2) of zero words.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += a.bytes.slice(12).join('.');
      break;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return a.scope ? `${out}%${a.scope}` : out;
}
