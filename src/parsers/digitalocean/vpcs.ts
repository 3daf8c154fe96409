// Normalises `GET /v2/vpcs` (and `GET /v2/vpcs/{id}`) bodies into Vpc model objects.
import { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Vpc } from '../../model/digitalocean.js';
import { known, unknown } from '../../model/observed.js';
import { parseCidr } from '../../analysis/net/cidr.js';
import {
  completenessDiagnostics,
  describeIssues,
  jsonPath,
  openEnvelope,
  type CollectionSpec,
  type NormalizeOptions,
  type Normalized,
} from './envelope.js';

export const VPCS: CollectionSpec = {
  plural: 'vpcs',
  singular: 'vpc',
  listEndpoint: 'GET /v2/vpcs',
  singleEndpoint: 'GET /v2/vpcs/{vpc_id}',
  scope: 'vpc:read',
  what: 'VPCs',
};

const vpcSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string().nullish(),
  ip_range: z.string().nullish(),
  default: z.boolean().nullish(),
});

export function normalizeVpcs(
  body: unknown,
  file: string,
  options: NormalizeOptions = {},
): Normalized<Vpc[]> {
  const env = openEnvelope(body, file, VPCS, options);
  if (env.kind === 'failed') return env.result;
  const listSource = { kind: 'do-api' as const, endpoint: env.endpoint, file };
  const parsed = z.array(vpcSchema).safeParse(env.items);
  if (!parsed.success) {
    const issues = env.single
      ? parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }))
      : parsed.error.issues;
    const detail = describeIssues(file, env.basePath, issues);
    return {
      value: unknown('unparseable', `VPCs could not be read: ${detail}`, listSource),
      diagnostics: [{ severity: 'error', code: 'do-unparseable', message: detail, file }],
    };
  }
  const diagnostics: Diagnostic[] = env.single
    ? []
    : completenessDiagnostics(body, file, env.items.length, 'VPCs');
  const vpcs = parsed.data.map((v, i): Vpc => {
    const ipRange = v.ip_range ?? '';
    const range = parseCidr(ipRange);
    if (!range.ok || range.cidr.family !== 4) {
      const at = jsonPath(env.basePath, env.single ? ['ip_range'] : [i, 'ip_range']);
      diagnostics.push({
        severity: 'warning',
        code: 'do-bad-address',
        message: `${file}: ${at} "${ipRange}" is not an IPv4 CIDR block`,
        file,
      });
    }
    return {
      id: v.id,
      name: v.name,
      region: v.region ?? '',
      ipRange,
      default: v.default ?? false,
      source: { kind: 'do-api', endpoint: env.endpoint, id: v.id, file },
    };
  });
  return { value: known(vpcs, listSource), diagnostics };
}
