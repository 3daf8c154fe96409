// The whole environment a scan judges, after every source was read and every parser ran.
// Checks receive this and nothing else.
import type { Diagnostic } from './diagnostic.js';
import type { Droplet, Firewall, Vpc } from './digitalocean.js';
import type { Host } from './host.js';
import type { Observed } from './observed.js';
import type { SshdConfig } from '../parsers/sshd/index.js';
import type { UfwConfig } from '../parsers/ufw/ufw-config.js';
import type { LoadedRuleset } from '../parsers/iptables/iptables-save.js';
import type { PanFinding, ScanStats } from '../pan/index.js';

/** Which droplets, tags and VPCs the merchant declared in cdeguard.yaml (names or ids). */
export type ScopeSelector = { tags: string[]; droplets: string[]; vpcs: string[] };

export type Scope = {
  /** False when there is no cdeguard.yaml or it declares no scope: CDE-only checks then say so. */
  declared: boolean;
  saq: 'A' | 'A-EP' | 'D' | undefined;
  cde: ScopeSelector;
  connected: ScopeSelector;
};

export type ScopeRole = 'cde' | 'connected' | 'out-of-scope';

/** A machine the host checks judge: a droplet, its collected host bundle, or both. */
export type HostTarget = {
  name: string;
  droplet?: Droplet;
  /** Raw collected data; undefined when no host bundle exists for this droplet. */
  host?: Host;
  sshd: Observed<SshdConfig>;
  /** Effective values from a collected `sshd -T` dump (keywords lower-cased), when present. */
  sshdDump: Observed<ReadonlyMap<string, string[]>>;
  ufw: Observed<UfwConfig>;
  /** The ruleset the kernel had loaded (iptables-save), when collected. */
  loadedRuleset: Observed<LoadedRuleset>;
};

export type Collection = {
  /** Collection times of each source, ISO 8601. */
  collectedAt: { source: string; at: string }[];
  /** What was not collected, in words, for the report's "not collected" list. */
  notCollected: string[];
};

/** What card-data discovery found in a bundle's data files (masked: no full number is kept). */
export type CardDataScan = {
  /** Bundle-relative folder that was searched. */
  root: string;
  findings: PanFinding[];
  stats: ScanStats;
  /** Files that could not be read completely: their absence of card data is not proven. */
  incomplete: { file: string; message: string }[];
};

export type Environment = {
  bundleName: string;
  droplets: Observed<Droplet[]>;
  firewalls: Observed<Firewall[]>;
  vpcs: Observed<Vpc[]>;
  hosts: HostTarget[];
  cardData: Observed<CardDataScan>;
  scope: Scope;
  collection: Collection;
  diagnostics: Diagnostic[];
};
