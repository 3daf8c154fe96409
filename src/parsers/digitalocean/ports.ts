// Normalises a firewall rule's `ports` string. Every spelling of "all ports" becomes 1-65535 before any
// check runs, so no check ever reads the raw string (or mistakes "0" for port zero).
import type { PortRange } from '../../model/digitalocean.js';

export const ALL_PORTS: PortRange = { from: 1, to: 65535 };

export type PortsResult = { ports: PortRange | null; portsRaw: string | null; problem?: string };

/**
 * - icmp: no ports (`ports: null`); the API always returns `"0"` for ICMP, which means nothing.
 * - tcp/udp (and unknown protocols, read the same way): `"0"`, `"all"`, `""`, absent and `"1-65535"` are
 *   every port; `"n"` one port; `"a-b"` a range taken numerically (a typo such as `1-65355` is just a range);
 *   anything else is unparseable: `ports: null`, `portsRaw` kept, and a `problem` to report.
 */
export function normalizePorts(protocol: string, raw: string | number | null | undefined): PortsResult {
  const portsRaw = raw === null || raw === undefined ? null : String(raw);
  if (protocol === 'icmp') return { ports: null, portsRaw };
  const text = (portsRaw ?? '').trim().toLowerCase();
  if (text === '' || text === '0' || text === 'all') return { ports: { ...ALL_PORTS }, portsRaw };
  const single = /^\d{1,5}$/.exec(text);
  if (single !== null) {
    const n = Number(text);
    if (n >= 1 && n <= 65535) return { ports: { from: n, to: n }, portsRaw };
  }
  const range = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(text);
  if (range !== null) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    // Port 0 is not a real port; "0-65535" means everything.
    if (a <= b && b >= 1 && b <= 65535) return { ports: { from: Math.max(a, 1), to: b }, portsRaw };
  }
  return {
    ports: null,
    portsRaw,
    problem: `ports "${portsRaw ?? ''}" is not a port, a range a-b, "0" or "all"`,
  };
}

export function portRangeContains(range: PortRange, port: number): boolean {
  return port >= range.from && port <= range.to;
}

export function isAllPorts(range: PortRange): boolean {
  return range.from <= 1 && range.to >= 65535;
}

export function describePorts(protocol: string, range: PortRange | null, raw: string | null): string {
  if (protocol === 'icmp') return 'all ICMP';
  if (range === null) return `unparseable ports "${raw ?? ''}"`;
  if (isAllPorts(range)) return 'all ports';
  return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}
