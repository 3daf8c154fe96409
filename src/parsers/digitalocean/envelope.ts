// The parts every DigitalOcean API v2 response shares: the collection/single-object envelope, error
// bodies, `links` pagination and `meta`. Turns a body that does not fit into an Unknown plus a diagnostic.
import { z } from 'zod';
import type { Diagnostic } from '../../model/diagnostic.js';
import { unknown, type Observed, type Source } from '../../model/observed.js';

export type Normalized<T> = { value: Observed<T>; diagnostics: Diagnostic[] };

export type NormalizeOptions = {
  /** The request that produced the body, e.g. `GET /v2/droplets/{droplet_id}/firewalls`; defaults by body shape. */
  endpoint?: string;
  /** HTTP status of the response, when known; 403 always means a missing scope. */
  httpStatus?: number;
};

/** Names of one collection: root keys, default endpoints and the read scope it needs. */
export type CollectionSpec = {
  plural: string;
  singular: string;
  listEndpoint: string;
  singleEndpoint: string;
  scope: string;
  what: string;
};

/** `null` where an array is expected means "none" (godo emits it for empty slices). */
export function nullableArray<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v): z.output<T>[] => v ?? []);
}

/** `$.droplets[0].networks.v4[1]` */
export function jsonPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const p of path)
    out +=
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(p))
          ? `.${String(p)}`
          : `[${JSON.stringify(String(p))}]`;
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const errorBody = z.object({ id: z.string(), message: z.string(), request_id: z.string().nullish() });

export type Envelope =
  | { kind: 'items'; items: unknown[]; basePath: string; endpoint: string; single: boolean }
  | { kind: 'failed'; result: Normalized<never> };

function failure(
  reason: 'unparseable' | 'access_denied' | 'not_collected',
  detail: string,
  source: Source,
  diagnostic: Diagnostic,
): Envelope {
  return { kind: 'failed', result: { value: unknown(reason, detail, source), diagnostics: [diagnostic] } };
}

/**
 * Finds the resource list in a body: `{"<plural>": [...]}` (null meaning empty), or `{"<singular>": {...}}`
 * read as a one-element list. An error body maps to `access_denied` (403 / `forbidden`) or `not_collected`.
 */
export function openEnvelope(
  body: unknown,
  file: string,
  spec: CollectionSpec,
  options: NormalizeOptions,
): Envelope {
  const defaultSource: Source = { kind: 'do-api', endpoint: options.endpoint ?? spec.listEndpoint, file };
  if (!isPlainObject(body)) {
    const detail = `${file}: expected a JSON object with "${spec.plural}" at $, found ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`;
    return failure('unparseable', detail, defaultSource, {
      severity: 'error',
      code: 'do-unparseable',
      message: detail,
      file,
    });
  }
  if (spec.plural in body) {
    const list = body[spec.plural];
    if (list === null)
      return {
        kind: 'items',
        items: [],
        basePath: `$.${spec.plural}`,
        endpoint: options.endpoint ?? spec.listEndpoint,
        single: false,
      };
    if (!Array.isArray(list)) {
      const detail = `${file}: $.${spec.plural} should be an array of ${spec.what}, found ${typeof list}`;
      return failure('unparseable', detail, defaultSource, {
        severity: 'error',
        code: 'do-unparseable',
        message: detail,
        file,
      });
    }
    return {
      kind: 'items',
      items: list,
      basePath: `$.${spec.plural}`,
      endpoint: options.endpoint ?? spec.listEndpoint,
      single: false,
    };
  }
  if (spec.singular in body) {
    const one = body[spec.singular];
    const endpoint = options.endpoint ?? spec.singleEndpoint;
    if (!isPlainObject(one)) {
      const detail = `${file}: $.${spec.singular} should be an object, found ${one === null ? 'null' : Array.isArray(one) ? 'an array' : typeof one}`;
      return failure(
        'unparseable',
        detail,
        { kind: 'do-api', endpoint, file },
        { severity: 'error', code: 'do-unparseable', message: detail, file },
      );
    }
    return { kind: 'items', items: [one], basePath: `$.${spec.singular}`, endpoint, single: true };
  }
  const err = errorBody.safeParse(body);
  if (err.success) {
    const { id, message } = err.data;
    const requestId = err.data.request_id ? `, request id ${err.data.request_id}` : '';
    const status = options.httpStatus === undefined ? '' : `HTTP ${options.httpStatus} `;
    // Key on status and id, never on the message text: DigitalOcean words the same error differently.
    const denied = options.httpStatus === 403 || id === 'forbidden';
    const detail = denied
      ? `${defaultSource.endpoint} was refused (${status}"${id}": ${message}${requestId}): the API token probably lacks the ${spec.scope} scope, so ${spec.what} were not read (${file})`
      : `${defaultSource.endpoint} returned an error instead of ${spec.what} (${status}"${id}": ${message}${requestId}) (${file})`;
    return failure(denied ? 'access_denied' : 'not_collected', detail, defaultSource, {
      severity: denied ? 'warning' : 'error',
      code: 'do-api-error',
      message: detail,
      file,
    });
  }
  const keys = Object.keys(body);
  const detail = `${file}: no "${spec.plural}" or "${spec.singular}" key at $ (found ${keys.length === 0 ? 'no keys' : keys.map((k) => `"${k}"`).join(', ')}); is this a ${spec.what} response?`;
  return failure('unparseable', detail, defaultSource, {
    severity: 'error',
    code: 'do-unparseable',
    message: detail,
    file,
  });
}

/** Turns zod issues into one detail line naming the file and the JSON path of the first problem. */
export function describeIssues(file: string, basePath: string, issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${jsonPath(basePath, i.path)}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `${file}: ${shown.join('; ')}${more}`;
}

const pagesSchema = z.object({
  first: z.string().nullish(),
  prev: z.string().nullish(),
  next: z.string().nullish(),
  last: z.string().nullish(),
});

/**
 * Reads `links` in every shape the API and its examples use: absent, `{}`, `{"pages": {}}`, `pages` with
 * any subset of first/prev/next/last. The flat `links.{first,...}` shape with `https//` URLs (an OpenAPI
 * example) is malformed: it is read as "no more pages" and reported.
 */
export function readLinks(
  body: unknown,
  file: string,
): { next: string | undefined; diagnostics: Diagnostic[] } {
  const malformed = (why: string) => ({
    next: undefined,
    diagnostics: [
      {
        severity: 'warning' as const,
        code: 'do-links-malformed',
        message: `${file}: $.links ${why}; read as "no more pages"`,
        file,
      },
    ],
  });
  if (!isPlainObject(body) || !('links' in body) || body.links === null || body.links === undefined) {
    return { next: undefined, diagnostics: [] };
  }
  const links = body.links;
  if (!isPlainObject(links)) return malformed('is not an object');
  const flat = ['first', 'prev', 'next', 'last'].filter((k) => k in links);
  if (flat.length > 0) return malformed(`holds ${flat.join('/')} directly instead of under "pages"`);
  if (!('pages' in links) || links.pages === null || links.pages === undefined)
    return { next: undefined, diagnostics: [] };
  const pages = pagesSchema.safeParse(links.pages);
  if (!pages.success) return malformed('.pages is not an object of URL strings');
  const next = pages.data.next ?? undefined;
  if (next === undefined) return { next: undefined, diagnostics: [] };
  if (!URL.canParse(next) || !/^https?:\/\//.test(next))
    return malformed(`.pages.next "${next}" is not an absolute http(s) URL`);
  return { next, diagnostics: [] };
}

/** Diagnostics for a list that says it is incomplete: a next page, or fewer items than `meta.total`. */
export function completenessDiagnostics(
  body: unknown,
  file: string,
  count: number,
  what: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const links = readLinks(body, file);
  out.push(...links.diagnostics);
  if (links.next !== undefined) {
    out.push({
      severity: 'error',
      code: 'do-more-pages',
      message: `${file}: the response has a next page (${links.next}) that is not in the file; ${what} on later pages were not read`,
      file,
    });
  }
  if (
    isPlainObject(body) &&
    isPlainObject(body.meta) &&
    typeof body.meta.total === 'number' &&
    body.meta.total > count
  ) {
    out.push({
      severity: 'error',
      code: 'do-count-mismatch',
      message: `${file}: $.meta.total says ${body.meta.total} ${what} but the file holds ${count}; the rest were not read`,
      file,
    });
  }
  return out;
}
