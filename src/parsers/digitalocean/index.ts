// Pure normalisers from DigitalOcean API v2 response bodies to the model: no I/O, never throws.
export { normalizeDroplets, DROPLETS } from './droplets.js';
export { normalizeFirewalls, FIREWALLS, KNOWN_ACTIONS, KNOWN_PROTOCOLS } from './firewalls.js';
export { normalizeVpcs, VPCS } from './vpcs.js';
export {
  normalizePorts,
  describePorts,
  isAllPorts,
  portRangeContains,
  ALL_PORTS,
  type PortsResult,
} from './ports.js';
export { readLinks, type NormalizeOptions, type Normalized, type CollectionSpec } from './envelope.js';
