// Normalises `GET /v2/droplets` (and `GET /v2/droplets/{id}`) bodies into Droplet model objects.
import { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Droplet } from '../../model/digitalocean.js';
import { known, unknown } from '../../model/observed.js';
import { parseAddress } from '../../analysis/net/cidr.js';
import {
  completenessDiagnostics,
  describeIssues,
  jsonPath,
  nullableArray,
  openEnvelope,
  type CollectionSpec,
  type NormalizeOptions,
  type Normalized,
} from './envelope.js';

export const DROPLETS: CollectionSpec = {
  plural: 'droplets',
  singular: 'droplet',
  listEndpoint: 'GET /v2/droplets',
  singleEndpoint: 'GET /v2/droplets/{droplet_id}',
  scope: 'droplet:read',
  what: 'Droplets',
};

const networkSchema = z.object({
  ip_address: z.string(),
  // Private `gateway` is the literal "nil" in the API's own example: opaque, never parsed.
  gateway: z.string().nullish(),
  type: z.string().nullish(),
});

const dropletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string().nullish(),
  tags: nullableArray(z.string()),
  vpc_uuid: z.string().nullish(),
  // Required: without it we could not tell a private Droplet from one whose addresses we never saw.
  networks: z.object({ v4: nullableArray(networkSchema), v6: nullableArray(networkSchema) }),
  region: z.union([z.object({ slug: z.string() }), z.string()]).nullish(),
});

export function normalizeDroplets(
  body: unknown,
  file: string,
  options: NormalizeOptions = {},
): Normalized<Droplet[]> {
  const env = openEnvelope(body, file, DROPLETS, options);
  if (env.kind === 'failed') return env.result;
  const parsed = z.array(dropletSchema).safeParse(env.items);
  const listSource = { kind: 'do-api' as const, endpoint: env.endpoint, file };
  if (!parsed.success) {
    const issues = env.single
      ? parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }))
      : parsed.error.issues;
    const detail = describeIssues(file, env.basePath, issues);
    return {
      value: unknown('unparseable', `Droplets could not be read: ${detail}`, listSource),
      diagnostics: [{ severity: 'error', code: 'do-unparseable', message: detail, file }],
    };
  }
  const diagnostics: Diagnostic[] = env.single
    ? []
    : completenessDiagnostics(body, file, env.items.length, 'Droplets');
  const droplets = parsed.data.map((d, i): Droplet => {
    const at = (p: PropertyKey[]) => jsonPath(env.basePath, env.single ? p : [i, ...p]);
    const publicIpv4: string[] = [];
    const privateIpv4: string[] = [];
    d.networks.v4.forEach((n, j) => {
      if (parseAddress(n.ip_address)?.family !== 4) {
        diagnostics.push({
          severity: 'warning',
          code: 'do-bad-address',
          message: `${file}: ${at(['networks', 'v4', j, 'ip_address'])} "${n.ip_address}" is not an IPv4 address`,
          file,
        });
      }
      if (n.type === 'private') privateIpv4.push(n.ip_address);
      else {
        // Anything but "private" might be reachable from the internet, so it counts as public.
        if (n.type !== 'public') {
          diagnostics.push({
            severity: 'warning',
            code: 'do-unknown-network-type',
            message: `${file}: ${at(['networks', 'v4', j, 'type'])} is ${JSON.stringify(n.type ?? null)}, not "public" or "private"; treated as public`,
            file,
          });
        }
        publicIpv4.push(n.ip_address);
      }
    });
    // DigitalOcean has no private IPv6: every v6 address is public whatever `type` says.
    const ipv6 = d.networks.v6.map((n) => n.ip_address);
    const region = typeof d.region === 'string' ? d.region : d.region?.slug;
    const droplet: Droplet = {
      id: d.id,
      name: d.name,
      status: d.status ?? 'unknown',
      tags: d.tags,
      publicIpv4,
      privateIpv4,
      ipv6,
      source: { kind: 'do-api', endpoint: env.endpoint, id: String(d.id), file },
    };
    if (d.vpc_uuid !== undefined && d.vpc_uuid !== null && d.vpc_uuid !== '') droplet.vpcUuid = d.vpc_uuid;
    if (region !== undefined && region !== '') droplet.region = region;
    return droplet;
  });
  return { value: known(droplets, listSource), diagnostics };
}
