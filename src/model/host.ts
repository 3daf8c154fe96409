// A host (usually a droplet) as collected into a bundle: its files and command outputs, kept as text
// with their origin, so parsers can attribute every value to a file and line.
import type { Source } from './observed.js';

export type HostFile = {
  /** Absolute path on the host, e.g. `/etc/ssh/sshd_config`. */
  path: string;
  content: string;
  /** Where the copy lives in the bundle, for diagnostics. */
  bundlePath: string;
};

export type HostMeta = {
  hostname?: string;
  dropletId?: number;
  osRelease?: string;
  collectedAt?: string;
};

export type Host = {
  /** The folder name under hosts/; matched to a droplet by `meta.dropletId`, else by droplet name. */
  name: string;
  meta: HostMeta;
  /** Files keyed by absolute host path. */
  files: ReadonlyMap<string, HostFile>;
  /** Command outputs keyed by name (`sshd-T`, `iptables-save`, `ufw-status`, ...). */
  commands: ReadonlyMap<string, { name: string; output: string; bundlePath: string }>;
  source: Source;
};
