// Look-ups over the PCI DSS v4.0.1 catalogue: the only place requirement ids come from.
import { CATALOGUE, type CatalogueEntry } from './catalogue-data.js';

export { CATALOGUE, STANDARD_VERSION, type CatalogueEntry } from './catalogue-data.js';

export function requirementById(): ReadonlyMap<string, CatalogueEntry> {
  return new Map(CATALOGUE.map((e) => [e.id, e]));
}

export function childrenByParent(): ReadonlyMap<string, CatalogueEntry[]> {
  const out = new Map<string, CatalogueEntry[]>();
  for (const e of CATALOGUE) {
    if (e.parent === null) continue;
    const list = out.get(e.parent) ?? [];
    list.push(e);
    out.set(e.parent, list);
  }
  return out;
}
