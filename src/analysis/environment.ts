// Turns a raw bundle into the Environment the checks judge: runs every parser and normaliser once,
// matches host bundles to droplets, and records what was not collected. Pure: no I/O.
import type { Diagnostic } from '../model/diagnostic.js';
import type { Droplet, Vpc } from '../model/digitalocean.js';
import type { Environment, HostTarget, Scope } from '../model/environment.js';
import type { Host } from '../model/host.js';
import { known, unknown, type Observed } from '../model/observed.js';
import type { Config } from '../config/schema.js';
import type { RawBundle } from '../sources/bundle.js';
import { fileTreeFromEntries } from '../parsers/file-tree.js';
import { normalizeDroplets, normalizeFirewalls, normalizeVpcs } from '../parsers/digitalocean/index.js';
import { parseSshdConfig, parseSshdTOutput, type SshdConfig } from '../parsers/sshd/index.js';
import { parseUfwConfig, type UfwConfig } from '../parsers/ufw/ufw-config.js';
import { parseIptablesSave, type LoadedRuleset } from '../parsers/iptables/iptables-save.js';
import { EMPTY_SCOPE, dropletRole } from './scope.js';

type Normalizer<T> = (body: unknown, file: string) => { value: Observed<T>; diagnostics: Diagnostic[] };

type DoMeta = { collectedAt?: string; endpoints: Map<string, { status?: number; errorId?: string }> };

function readDoMeta(bundle: RawBundle, diagnostics: Diagnostic[]): DoMeta {
  const meta = bundle.digitalocean?.meta;
  const out: DoMeta = { endpoints: new Map() };
  if (meta === undefined) return out;
  if (!meta.ok) {
    diagnostics.push(meta.diagnostic);
    return out;
  }
  const b = meta.body as Record<string, unknown> | null;
  if (b !== null && typeof b === 'object') {
    if (typeof b['collected_at'] === 'string') out.collectedAt = b['collected_at'];
    const eps = b['endpoints'];
    if (eps !== null && typeof eps === 'object') {
      for (const [k, v] of Object.entries(eps as Record<string, unknown>)) {
        const e = v as Record<string, unknown> | null;
        if (e === null || typeof e !== 'object') continue;
        out.endpoints.set(k, {
          ...(typeof e['status'] === 'number' ? { status: e['status'] } : {}),
          ...(typeof e['error_id'] === 'string' ? { errorId: e['error_id'] } : {}),
        });
      }
    }
  }
  return out;
}

function doCollection<T>(
  bundle: RawBundle,
  meta: DoMeta,
  name: string,
  normalize: Normalizer<T>,
  diagnostics: Diagnostic[],
  notCollected: string[],
): Observed<T> {
  if (bundle.digitalocean === undefined) {
    return unknown('not_collected', 'the bundle has no digitalocean/ folder');
  }
  const read = bundle.digitalocean.files.get(name);
  if (read === undefined) {
    const ep = meta.endpoints.get(name);
    notCollected.push(`DigitalOcean ${name}`);
    if (ep?.status === 403) {
      return unknown(
        'access_denied',
        `GET /v2/${name} was refused (403): the token lacks the read scope for ${name}`,
      );
    }
    return unknown('not_collected', `digitalocean/${name}.json is not in the bundle`);
  }
  if (!read.ok) {
    diagnostics.push(read.diagnostic);
    return unknown(
      'unparseable',
      `${read.diagnostic.file ?? read.file}:${read.diagnostic.line ?? 1}: ${read.diagnostic.message}`,
      {
        kind: 'file',
        path: read.file,
        ...(read.diagnostic.line === undefined ? {} : { line: read.diagnostic.line }),
      },
    );
  }
  let r: ReturnType<Normalizer<T>>;
  try {
    r = normalize(read.body, read.file);
  } catch (e) {
    // Hostile shapes (e.g. nesting deep enough to exhaust the stack) are unreadable input, not a bug.
    const detail = `${read.file}: cannot be read (${e instanceof Error ? e.message : String(e)})`;
    diagnostics.push({ severity: 'error', code: 'do-unparseable', message: detail, file: read.file });
    return unknown('unparseable', detail, { kind: 'file', path: read.file });
  }
  diagnostics.push(...r.diagnostics);
  // A list that says it is incomplete (a next page, fewer items than meta.total) cannot prove absence:
  // a missing page could hold the firewall rule or droplet that changes a verdict.
  const incomplete = r.diagnostics.find((d) => d.code === 'do-more-pages' || d.code === 'do-count-mismatch');
  if (r.value.known && incomplete !== undefined) {
    notCollected.push(`DigitalOcean ${name} (incomplete)`);
    return unknown('not_collected', `${read.file} is incomplete: ${incomplete.message}`, {
      kind: 'file',
      path: read.file,
    });
  }
  return r.value;
}

/** Parses what one host bundle holds into the parts of a HostTarget; undefined host = not collected. */
export function hostParts(
  host: Host | undefined,
  diagnostics: Diagnostic[],
): Omit<HostTarget, 'name' | 'droplet' | 'host'> {
  if (host === undefined) {
    const missing = unknown('not_collected', 'no host bundle was collected for this droplet');
    return { sshd: missing, sshdDump: missing, ufw: missing, loadedRuleset: missing };
  }
  const tree = fileTreeFromEntries(
    [...host.files.values()].map((f) => ({ path: f.path, content: f.content, bundlePath: f.bundlePath })),
  );
  const hostSource = host.source;

  let sshd: Observed<SshdConfig>;
  if (tree.read('/etc/ssh/sshd_config') === undefined) {
    sshd = unknown('not_collected', `/etc/ssh/sshd_config was not collected from ${host.name}`, hostSource);
  } else {
    const r = parseSshdConfig(tree);
    diagnostics.push(...r.diagnostics);
    if (r.ok) {
      sshd = known(r.config, {
        kind: 'file',
        path: tree.read('/etc/ssh/sshd_config')?.bundlePath ?? '/etc/ssh/sshd_config',
        host: host.name,
      });
    } else {
      const where = tree.read(r.error.file)?.bundlePath ?? r.error.file;
      diagnostics.push({
        severity: 'error',
        code: 'sshd-config',
        message: r.error.message,
        file: where,
        line: r.error.line,
      });
      sshd = unknown(
        'unparseable',
        `${r.error.tooLarge === true ? 'the configuration is too large to evaluate' : 'sshd would refuse this configuration'}: ${r.error.message} (${where}:${r.error.line})`,
        {
          kind: 'file',
          path: where,
          line: r.error.line,
        },
      );
    }
  }

  let sshdDump: Observed<ReadonlyMap<string, string[]>>;
  const dump = host.commands.get('sshd-T');
  if (dump === undefined) {
    sshdDump = unknown('not_collected', `sshd -T output was not collected from ${host.name}`);
  } else {
    const r = parseSshdTOutput(dump.output);
    const source = { kind: 'command', command: 'sshd -T', host: host.name, file: dump.bundlePath } as const;
    if (r.ok) sshdDump = known(r.values, source);
    else {
      diagnostics.push({
        severity: 'error',
        code: 'sshd-T-layout',
        message: r.detail,
        file: dump.bundlePath,
      });
      sshdDump = unknown('unparseable', `${dump.bundlePath}: ${r.detail}`, source);
    }
  }

  let ufw: Observed<UfwConfig>;
  const u = parseUfwConfig(tree);
  if (u === undefined)
    ufw = unknown(
      'not_collected',
      `/etc/ufw/ufw.conf was not collected from ${host.name} (ufw not installed?)`,
      hostSource,
    );
  else {
    diagnostics.push(...u.diagnostics);
    ufw = known(u.config, {
      kind: 'file',
      path: tree.read('/etc/ufw/ufw.conf')?.bundlePath ?? '/etc/ufw/ufw.conf',
      host: host.name,
    });
  }

  let loadedRuleset: Observed<LoadedRuleset>;
  const ipt = host.commands.get('iptables-save');
  if (ipt === undefined)
    loadedRuleset = unknown('not_collected', `iptables-save output was not collected from ${host.name}`);
  else {
    const r = parseIptablesSave(ipt.output, ipt.bundlePath);
    diagnostics.push(...r.diagnostics);
    const source = {
      kind: 'command',
      command: 'iptables-save',
      host: host.name,
      file: ipt.bundlePath,
    } as const;
    loadedRuleset = r.complete
      ? known(r.ruleset, source)
      : unknown('unparseable', `${ipt.bundlePath} is not a complete iptables-save dump`, source);
  }
  return { sshd, sshdDump, ufw, loadedRuleset };
}

function matchHosts(
  droplets: Observed<Droplet[]>,
  hosts: readonly Host[],
  diagnostics: Diagnostic[],
): HostTarget[] {
  const targets: HostTarget[] = [];
  const used = new Set<Host>();
  if (droplets.known) {
    for (const d of droplets.value) {
      const claiming = hosts.filter((h) => h.meta.dropletId === d.id);
      if (claiming.length > 1) {
        diagnostics.push({
          severity: 'warning',
          code: 'host-duplicate-droplet',
          message: `host folders ${claiming.map((h) => h.name).join(', ')} all claim droplet ${d.id}; ${claiming[0]?.name ?? ''} is used`,
        });
      }
      const host =
        hosts.find((h) => h.meta.dropletId === d.id) ??
        hosts.find((h) => h.meta.dropletId === undefined && h.name === d.name);
      if (host) used.add(host);
      targets.push({ name: d.name, droplet: d, ...(host ? { host } : {}), ...hostParts(host, diagnostics) });
    }
  }
  for (const h of hosts) {
    if (!used.has(h)) targets.push({ name: h.name, host: h, ...hostParts(h, diagnostics) });
  }
  return targets;
}

function scopeFrom(config: Config | undefined): Scope {
  if (config === undefined) return EMPTY_SCOPE;
  const s = config.scope;
  const declared =
    s !== undefined &&
    [s.cde, s.connected].some((x) => x.tags.length + x.droplets.length + x.vpcs.length > 0);
  return {
    declared,
    saq: config.saq,
    cde: s?.cde ?? EMPTY_SCOPE.cde,
    connected: s?.connected ?? EMPTY_SCOPE.connected,
  };
}

/**
 * A scope entry that selects nothing is almost always a typo (`CDE` for `cde`, `db-l` for `db-1`), and a
 * scope that selects no droplet at all would silently turn every failure into "out of scope". Each
 * unmatched entry is a warning; a scope that selects no CDE droplet is an error and is not applied, so
 * every finding counts.
 */
function checkScopeMatches(
  scope: Scope,
  droplets: Observed<Droplet[]>,
  vpcs: Observed<Vpc[]>,
  file: string,
  diagnostics: Diagnostic[],
): Scope {
  if (!scope.declared || !droplets.known) return scope;
  const ds = droplets.value;
  const vpcList = vpcs.known ? vpcs.value : [];
  const allTags = [...new Set(ds.flatMap((d) => d.tags))];
  const hint = (value: string, known: readonly string[]) => {
    const near = known.find((k) => k.toLowerCase() === value.toLowerCase());
    return near === undefined ? '' : ` (did you mean "${near}"?)`;
  };
  for (const part of ['cde', 'connected'] as const) {
    const sel = scope[part];
    for (const t of sel.tags) {
      if (!allTags.includes(t)) {
        diagnostics.push({
          severity: 'warning',
          code: 'scope-unmatched',
          message: `scope.${part}.tags: no droplet has the tag "${t}"${hint(t, allTags)}`,
          file,
        });
      }
    }
    for (const d of sel.droplets) {
      if (!ds.some((x) => x.name === d || String(x.id) === d)) {
        diagnostics.push({
          severity: 'warning',
          code: 'scope-unmatched',
          message: `scope.${part}.droplets: no droplet is named or numbered "${d}"${hint(
            d,
            ds.map((x) => x.name),
          )}`,
          file,
        });
      }
    }
    if (vpcs.known) {
      for (const v of sel.vpcs) {
        if (!vpcList.some((x) => x.name === v || x.id === v)) {
          diagnostics.push({
            severity: 'warning',
            code: 'scope-unmatched',
            message: `scope.${part}.vpcs: no VPC is named or has the id "${v}"${hint(
              v,
              vpcList.map((x) => x.name),
            )}`,
            file,
          });
        }
      }
    }
  }
  if (ds.length > 0 && ds.every((d) => dropletRole(scope, d, vpcList) !== 'cde')) {
    diagnostics.push({
      severity: 'error',
      code: 'scope-matches-nothing',
      message:
        'the declared scope selects none of the droplets, so it is not applied: every droplet counts as in scope',
      file,
    });
    return { ...scope, declared: false };
  }
  return scope;
}

export function buildEnvironment(bundle: RawBundle, config: Config | undefined): Environment {
  const diagnostics: Diagnostic[] = [...bundle.diagnostics];
  const notCollected: string[] = [];
  const meta = readDoMeta(bundle, diagnostics);
  if (bundle.digitalocean === undefined) notCollected.push('DigitalOcean account (no digitalocean/ folder)');
  if (config === undefined) notCollected.push('cdeguard.yaml (scope not declared)');

  const droplets = doCollection(bundle, meta, 'droplets', normalizeDroplets, diagnostics, notCollected);
  const firewalls = doCollection(bundle, meta, 'firewalls', normalizeFirewalls, diagnostics, notCollected);
  const vpcs = doCollection(bundle, meta, 'vpcs', normalizeVpcs, diagnostics, notCollected);
  const scope = checkScopeMatches(
    scopeFrom(config),
    droplets,
    vpcs,
    bundle.config?.file ?? 'cdeguard.yaml',
    diagnostics,
  );
  const hosts = matchHosts(droplets, bundle.hosts, diagnostics);
  for (const h of hosts) if (h.host === undefined) notCollected.push(`host bundle for ${h.name}`);

  const collectedAt: { source: string; at: string }[] = [];
  if (meta.collectedAt) collectedAt.push({ source: 'digitalocean', at: meta.collectedAt });
  for (const h of bundle.hosts)
    if (h.meta.collectedAt) collectedAt.push({ source: `host ${h.name}`, at: h.meta.collectedAt });

  let cardData: Environment['cardData'];
  if (bundle.cardData === undefined) {
    cardData = unknown('not_collected', 'the bundle has no data/ folder of files to search for card data');
    notCollected.push('data files to search for card data (no data/ folder)');
  } else {
    const c = bundle.cardData;
    diagnostics.push(...c.diagnostics);
    cardData = known(
      {
        root: c.root,
        findings: c.findings,
        stats: c.stats,
        incomplete: c.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => ({ file: d.file ?? c.root, message: d.message })),
      },
      { kind: 'file', path: c.root },
    );
  }

  return {
    bundleName: bundle.name,
    droplets,
    firewalls,
    vpcs,
    hosts,
    cardData,
    scope,
    collection: { collectedAt, notCollected },
    diagnostics,
  };
}
