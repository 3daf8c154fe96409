// The effective value of one sshd keyword on a host, with the evidence behind it. A collected `sshd -T`
// dump is what the daemon itself computed, so it wins; the parsed files attribute it to a file and line.
import type { HostTarget } from '../../model/environment.js';
import { describeSource, type Source } from '../../model/observed.js';
import type { SshdConfig, SshdSetting } from '../../parsers/sshd/index.js';
import type { Evidence } from '../kit.js';

export type EffectiveSshd =
  | {
      known: true;
      value: string;
      /** Where the winning value was set (file:line), or the compiled-in default. */
      origin: Source;
      evidence: Evidence[];
      /** Match blocks that set this keyword, with their values, for per-connection verdicts. */
      overrides: { criteria: string; value: string; source: Source }[];
    }
  | { known: false; detail: string; evidence: Evidence[] };

function bundlePathOf(target: HostTarget, hostPath: string): string {
  return target.host?.files.get(hostPath)?.bundlePath ?? hostPath;
}

function originOf(target: HostTarget, setting: SshdSetting): Source {
  const o = setting.origin;
  if ('default' in o)
    return { kind: 'default', product: 'OpenSSH 9.2p1', note: 'compiled-in default; no file sets it' };
  return { kind: 'file', path: bundlePathOf(target, o.file), line: o.line, host: target.name };
}

function fromConfig(target: HostTarget, config: SshdConfig, keyword: string) {
  const setting = config.settings.get(keyword);
  const overrides = config.matchBlocks.flatMap((b) =>
    b.settings
      .filter((s) => s.keyword === keyword)
      .map((s) => ({
        criteria: b.criteria,
        value: s.values.join(' '),
        source: originOf(target, s),
      })),
  );
  return { setting, overrides };
}

export function effectiveSshd(target: HostTarget, keyword: string): EffectiveSshd {
  const parsed = target.sshd.known ? fromConfig(target, target.sshd.value, keyword) : undefined;
  const dump = target.sshdDump;
  // A collected sshd -T that is empty or an error message means sshd itself could not evaluate the
  // configuration on the host (known trap SSH-7): the files must not stand in for it.
  if (!dump.known && dump.reason === 'unparseable') {
    return {
      known: false,
      detail: `the collected sshd -T output is not a configuration dump (${dump.detail}); sshd may have refused the configuration`,
      evidence: [{ observed: dump.detail, ...(dump.source ? { source: dump.source } : {}) }],
    };
  }
  if (dump.known) {
    const values = dump.value.get(keyword);
    if (values === undefined || values.length === 0) {
      return {
        known: false,
        detail: `the collected sshd -T output has no ${keyword} line, so its layout is not the one cdeguard reads`,
        evidence: [{ observed: `no ${keyword} in sshd -T`, source: dump.source }],
      };
    }
    const value = values.join(' ');
    const parsedValue = parsed?.setting?.values.join(' ');
    const agrees = parsedValue !== undefined && parsedValue.toLowerCase() === value.toLowerCase();
    const origin = agrees && parsed?.setting ? originOf(target, parsed.setting) : dump.source;
    const evidence: Evidence[] = [{ observed: `${keyword} ${value} (sshd -T)`, source: dump.source }];
    if (agrees && parsed?.setting)
      evidence.push({ observed: `set at ${describeSource(origin)}`, source: origin });
    else if (parsedValue !== undefined) {
      evidence.push({
        observed: `the collected configuration files give ${parsedValue}: the files changed since sshd last read them, or were collected at another time`,
        ...(target.sshd.known ? { source: target.sshd.source } : {}),
      });
    }
    return { known: true, value, origin, evidence, overrides: parsed?.overrides ?? [] };
  }
  if (parsed?.setting) {
    const origin = originOf(target, parsed.setting);
    const value = parsed.setting.values.join(' ');
    return {
      known: true,
      value,
      origin,
      evidence: [{ observed: `${keyword} ${value}`, source: origin }],
      overrides: parsed.overrides,
    };
  }
  const reason = target.sshd.known
    ? `the parsed configuration has no value for ${keyword}`
    : target.sshd.detail;
  return {
    known: false,
    detail: reason,
    evidence: [
      {
        observed: reason,
        ...(!target.sshd.known && target.sshd.source ? { source: target.sshd.source } : {}),
      },
    ],
  };
}

export function describeHost(t: HostTarget) {
  return { kind: 'host' as const, id: t.droplet ? String(t.droplet.id) : t.name, name: t.name };
}
