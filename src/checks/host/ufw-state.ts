// Whether ufw is enforcing on a host, decided from the loaded ruleset. ufw.conf only says what will load
// at boot, and a service state or a status substring proves nothing (known trap FW-3).
import type { HostTarget } from '../../model/environment.js';
import type { Source } from '../../model/observed.js';
import { ufwChainsLoaded } from '../../parsers/iptables/iptables-save.js';
import { ufwEnabled, type UfwConfig } from '../../parsers/ufw/ufw-config.js';
import type { Evidence } from '../kit.js';

export type UfwState =
  | { state: 'unknown'; messageId: string; detail: string; evidence: Evidence[] }
  | {
      state: 'disabled' | 'not-loaded' | 'enforcing';
      config: UfwConfig;
      detail: string;
      evidence: Evidence[];
    };

function confSource(t: HostTarget, config: UfwConfig): Source | undefined {
  const e = config.enabled;
  return e
    ? { kind: 'file', path: e.file, line: e.line, host: t.name }
    : t.ufw.known
      ? t.ufw.source
      : undefined;
}

export function ufwState(t: HostTarget): UfwState {
  if (!t.ufw.known) {
    return {
      state: 'unknown',
      messageId: 'ufw-not-collected',
      detail: t.ufw.detail,
      evidence: [{ observed: t.ufw.detail, ...(t.ufw.source ? { source: t.ufw.source } : {}) }],
    };
  }
  const config = t.ufw.value;
  const src = confSource(t, config);
  const confEvidence: Evidence = {
    observed: config.enabled ? `ENABLED=${config.enabled.value}` : 'no ENABLED line in ufw.conf',
    expected: 'ENABLED=yes',
    ...(src ? { source: src } : {}),
  };
  if (!ufwEnabled(config)) {
    return {
      state: 'disabled',
      config,
      detail: 'ufw is disabled in /etc/ufw/ufw.conf',
      evidence: [confEvidence],
    };
  }
  if (t.loadedRuleset.known) {
    const loaded = ufwChainsLoaded(t.loadedRuleset.value);
    const ev: Evidence = {
      observed: loaded ? 'INPUT jumps to ufw-before-input' : 'INPUT has no jump to ufw-before-input',
      source: t.loadedRuleset.source,
    };
    return loaded
      ? {
          state: 'enforcing',
          config,
          detail: 'ufw is enabled and its chains are loaded',
          evidence: [confEvidence, ev],
        }
      : {
          state: 'not-loaded',
          config,
          detail: 'ufw.conf says ENABLED=yes, but the loaded ruleset has no ufw chains wired into INPUT',
          evidence: [confEvidence, ev],
        };
  }
  const status = t.host?.commands.get('ufw-status');
  if (status !== undefined) {
    // `ufw status` asks the kernel whether its chains are loaded; only its exact first line counts.
    const first = status.output
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    const ev: Evidence = {
      observed: first ?? '(empty output)',
      source: { kind: 'command', command: 'ufw status', host: t.name, file: status.bundlePath },
    };
    if (first === 'Status: active') {
      return {
        state: 'enforcing',
        config,
        detail: 'ufw is enabled and `ufw status` reports it active',
        evidence: [confEvidence, ev],
      };
    }
    if (first === 'Status: inactive') {
      return {
        state: 'not-loaded',
        config,
        detail: 'ufw.conf says ENABLED=yes, but `ufw status` reports it inactive',
        evidence: [confEvidence, ev],
      };
    }
  }
  return {
    state: 'unknown',
    messageId: 'ufw-loaded-state-unknown',
    detail:
      'ufw.conf says ENABLED=yes, but neither iptables-save nor ufw status was collected, so enforcement is not proven',
    evidence: [confEvidence],
  };
}
