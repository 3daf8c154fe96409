// How the DigitalOcean checks name a droplet and its addresses in findings.
import type { Droplet } from '../../../model/digitalocean.js';

export const dropletRef = (d: Droplet) => ({ kind: 'droplet' as const, id: String(d.id), name: d.name });

export function dropletAddresses(d: Droplet): string {
  const parts = [
    ...d.publicIpv4.map((a) => `${a} (public)`),
    ...d.ipv6.map((a) => `${a} (public IPv6)`),
    ...d.privateIpv4.map((a) => `${a} (private)`),
  ];
  return parts.length === 0 ? 'no addresses' : parts.join(', ');
}
