// The host databases sshd consults while reading its config (getservbyname, getpwnam, getgrouplist), read
// from the collected tree instead of the local machine so that evaluation stays about the audited host.
import type { FileTree } from '../file-tree.js';

export type HostDb = {
  /** tcp service name or alias → port (/etc/services). */
  services: ReadonlyMap<string, number>;
  /** user → { home, gid } (/etc/passwd). */
  users: ReadonlyMap<string, { home: string; gid: number }>;
  /** group entries (/etc/group). */
  groups: readonly { name: string; gid: number; members: readonly string[] }[];
};

function lines(tree: FileTree, path: string): string[] {
  return tree.read(path)?.content.split('\n') ?? [];
}

export function loadHostDb(tree: FileTree): HostDb {
  const services = new Map<string, number>();
  for (const raw of lines(tree, '/etc/services')) {
    const line = raw.replace(/#.*/, '').trim();
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/tcp$/.exec(portProto ?? '');
    if (!name || !m) continue;
    // glibc's files backend returns the first entry that lists the name.
    for (const n of [name, ...aliases]) if (!services.has(n)) services.set(n, Number(m[1]));
  }
  const users = new Map<string, { home: string; gid: number }>();
  for (const line of lines(tree, '/etc/passwd')) {
    const f = line.split(':');
    if (f.length < 7 || !f[0] || users.has(f[0])) continue;
    users.set(f[0], { gid: Number(f[3]), home: f[5] ?? '' });
  }
  const groups: { name: string; gid: number; members: string[] }[] = [];
  for (const line of lines(tree, '/etc/group')) {
    const f = line.split(':');
    if (f.length < 4 || !f[0]) continue;
    groups.push({ name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter((x) => x !== '') });
  }
  return { services, users, groups };
}

/** getgrouplist() + getgrgid(): names of the user's primary and supplementary groups, null if no such user. */
export function userGroupNames(db: HostDb, user: string): string[] | null {
  const pw = db.users.get(user);
  if (!pw) return null;
  const gids: number[] = [pw.gid];
  for (const g of db.groups) if (g.members.includes(user) && !gids.includes(g.gid)) gids.push(g.gid);
  const names: string[] = [];
  for (const gid of gids) {
    const g = db.groups.find((x) => x.gid === gid);
    if (g) names.push(g.name);
  }
  return names;
}
