// DigitalOcean resources after normalisation. Checks see these shapes, never API JSON or HCL, so the
// live API, a saved snapshot and Terraform all feed the same checks.
import type { Source } from './observed.js';

export type IpFamily = 4 | 6;

/** An inclusive port range; tcp/udp rules always carry one ("0", "all", "1-65535" and a missing port all become 1-65535). */
export type PortRange = { from: number; to: number };

export type Droplet = {
  id: number;
  name: string;
  status: string;
  tags: string[];
  /** Absent when the API omitted it (it needs the vpc:read scope). */
  vpcUuid?: string;
  publicIpv4: string[];
  privateIpv4: string[];
  /** DigitalOcean IPv6 addresses are always public. */
  ipv6: string[];
  region?: string;
  source: Source;
};

/** Who a firewall rule lets in (inbound) or out to (outbound). Every field may be empty, and any mix is valid. */
export type RulePeers = {
  addresses: string[];
  dropletIds: number[];
  tags: string[];
  loadBalancerUids: string[];
  kubernetesIds: string[];
};

export type FirewallRule = {
  direction: 'inbound' | 'outbound';
  /** `tcp`, `udp` or `icmp`; anything else is kept verbatim and makes verdicts that depend on it unknown. */
  protocol: string;
  /** null for ICMP (which has no ports) and for unparseable port strings (see `portsRaw`). */
  ports: PortRange | null;
  portsRaw: string | null;
  /** `allow` and `deny` are understood; any other value makes verdicts that depend on the rule unknown. */
  action: string;
  peers: RulePeers;
  /** Position of the rule in its firewall's list for its direction, 0-based. */
  index: number;
};

export type Firewall = {
  id: string;
  name: string;
  status: string;
  dropletIds: number[];
  tags: string[];
  inbound: FirewallRule[];
  outbound: FirewallRule[];
  pendingChanges: number;
  source: Source;
};

export type Vpc = {
  id: string;
  name: string;
  region: string;
  ipRange: string;
  default: boolean;
  source: Source;
};
