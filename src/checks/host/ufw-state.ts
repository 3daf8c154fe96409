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

/** Chains whose unconditional ACCEPT lets every packet of that direction in, whatever the policy says. */
const UNCONDITIONAL_CHAINS = {
  incoming: ['INPUT', 'ufw-before-input', 'ufw-user-input', 'ufw-after-input'],
  outgoing: ['OUTPUT', 'ufw-before-output', 'ufw-user-output', 'ufw-after-output'],
} as const;

export type LoadedPolicy = { policy: 'deny' | 'allow' | undefined; detail: string; evidence: Evidence[] };

/**
 * The default policy in force for a direction: the built-in chain's policy in the loaded ruleset (and no
 * rule that accepts everything before it), else the `Default:` line of `ufw status verbose`.
 */
export function loadedDefaultPolicy(t: HostTarget, direction: 'incoming' | 'outgoing'): LoadedPolicy {
  if (t.loadedRuleset.known) {
    const filter = t.loadedRuleset.value.tables.get('filter');
    const chain = direction === 'incoming' ? 'INPUT' : 'OUTPUT';
    const declared = filter?.chains.get(chain);
    const source = t.loadedRuleset.source;
    if (declared?.policy == null) {
      return {
        policy: undefined,
        detail: `the loaded ruleset declares no ${chain} policy`,
        evidence: [{ observed: `no :${chain} line`, source }],
      };
    }
    const acceptAll = filter?.rules.find(
      (r) =>
        (UNCONDITIONAL_CHAINS[direction] as readonly string[]).includes(r.chain) &&
        r.target === 'ACCEPT' &&
        r.tokens.length === 2,
    );
    if (acceptAll) {
      const where = source.kind === 'command' ? { ...source, line: acceptAll.line } : source;
      return {
        policy: 'allow',
        detail: `rule "-A ${acceptAll.chain} -j ACCEPT" accepts every ${direction} packet before the ${declared.policy} policy applies`,
        evidence: [
          { observed: `-A ${acceptAll.chain} -j ACCEPT`, expected: 'no unconditional ACCEPT', source: where },
        ],
      };
    }
    const p = declared.policy.toUpperCase();
    const policy = p === 'DROP' || p === 'REJECT' ? 'deny' : p === 'ACCEPT' ? 'allow' : undefined;
    const where = source.kind === 'command' ? { ...source, line: declared.line } : source;
    return {
      policy,
      detail: `the loaded ${chain} chain's policy is ${declared.policy}`,
      evidence: [{ observed: `:${chain} ${declared.policy}`, expected: 'DROP', source: where }],
    };
  }
  const status = t.host?.commands.get('ufw-status');
  const line = status?.output.split('\n').find((l) => l.startsWith('Default:'));
  if (status !== undefined && line !== undefined) {
    // "Default: deny (incoming), allow (outgoing), disabled (routed)"
    const m = new RegExp(`(\\w+) \\(${direction}\\)`).exec(line);
    const word = m?.[1];
    const policy = word === 'deny' || word === 'reject' ? 'deny' : word === 'allow' ? 'allow' : undefined;
    return {
      policy,
      detail:
        policy === undefined
          ? `\`ufw status\` gives no readable ${direction} default ("${line.trim()}")`
          : `\`ufw status\` reports "${word ?? ''} (${direction})"`,
      evidence: [
        {
          observed: line.trim(),
          source: { kind: 'command', command: 'ufw status verbose', host: t.name, file: status.bundlePath },
        },
      ],
    };
  }
  return {
    policy: undefined,
    detail: `neither the loaded ruleset nor \`ufw status verbose\` shows the ${direction} default in force`,
    evidence: [],
  };
}
