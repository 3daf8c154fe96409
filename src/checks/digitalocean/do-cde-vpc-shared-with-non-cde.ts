// Fails a VPC declared for the CDE that also holds Droplets declared neither CDE nor connected-to.
import { defineCheck } from '../kit.js';
import type { Droplet, Vpc } from '../../model/digitalocean.js';
import type { Scope } from '../../model/environment.js';
import { unknown } from '../../model/observed.js';
import { dropletRole, isCdeVpc } from '../../analysis/scope.js';

/** The scope without its CDE VPC selectors: a Droplet's role by its own name, id or tags. */
function ownDeclarations(scope: Scope): Scope {
  return { ...scope, cde: { ...scope.cde, vpcs: [] } };
}

function declaresIndividually(scope: Scope): boolean {
  return (
    scope.cde.tags.length +
      scope.cde.droplets.length +
      scope.connected.tags.length +
      scope.connected.droplets.length >
    0
  );
}

const names = (ds: readonly Droplet[]): string => ds.map((d) => `"${d.name}"`).join(', ');

export default defineCheck<Vpc>({
  id: 'do-cde-vpc-shared-with-non-cde',
  title: 'The CDE VPC holds only CDE and connected-to Droplets',
  severity: 'high',
  pci: ['1.3.1', '1.4.1'],
  rationale:
    'Inside a DigitalOcean VPC every member reaches every other on the private network unless firewalls stop it, so a VPC is one segment. A Droplet in the CDE VPC that the merchant has not declared as CDE or connected-to is either in PCI scope without being treated so (no hardening, logging or access review) or is a path into the CDE that the segmentation was meant to remove. PCI DSS 1.3.1 and 1.4.1 expect the CDE boundary to hold only systems that belong inside it.',
  remediation: [
    'Either move the other Droplets out of the CDE VPC (snapshot and recreate in another VPC):',
    '',
    '  doctl compute droplet-action snapshot <droplet-id> --snapshot-name <name>-move --wait',
    '  doctl compute droplet create <name> --image <snapshot-id> --region <region> --size <size-slug> --vpc-uuid <other-vpc-uuid>',
    '',
    'or, if they belong there, declare them in cdeguard.yaml (scope.cde or scope.connected, by tag or name) and tag them:',
    '',
    '  doctl compute droplet tag <droplet-id> --tag-name cde',
    '',
    'Terraform: give non-CDE Droplets their own VPC.',
    '',
    '  resource "digitalocean_vpc" "corp" {',
    '    name     = "corp"',
    '    region   = "fra1"',
    '    ip_range = "10.117.0.0/20"',
    '  }',
    '  resource "digitalocean_droplet" "blog" {',
    '    # ...',
    '    vpc_uuid = digitalocean_vpc.corp.id',
    '  }',
  ].join('\n'),
  appliesTo(env) {
    if (!env.scope.declared)
      return unknown(
        'unresolved',
        'cdeguard.yaml declares no scope, so no VPC is known to be the CDE network',
      );
    if (env.scope.cde.vpcs.length === 0) return [];
    if (!env.vpcs.known) return env.vpcs;
    return env.vpcs.value.filter((v) => isCdeVpc(env.scope, v));
  },
  describe: (v) => ({ kind: 'vpc', id: v.id, name: v.name }),
  evaluate(vpc, env, report) {
    if (!env.droplets.known) {
      report.unknown(
        'droplets-not-collected',
        `Not tested: Droplets were not read (${env.droplets.detail}), so the members of CDE VPC "${vpc.name}" are unknown.`,
      );
      return;
    }
    const vpcs = env.vpcs.known ? env.vpcs.value : [vpc];
    const members = env.droplets.value.filter((d) => d.vpcUuid === vpc.id);
    if (!declaresIndividually(env.scope)) {
      report.pass(
        'cde-by-vpc-only',
        members.length === 0
          ? `CDE VPC "${vpc.name}" has no Droplets.`
          : `The scope declares the CDE by VPC only, so all ${members.length} Droplet${members.length > 1 ? 's' : ''} in CDE VPC "${vpc.name}" (${names(members)}) are in CDE scope and must meet every CDE requirement.`,
        [
          {
            observed: `members of ${vpc.name} (${vpc.id}, ${vpc.ipRange}): ${members.length === 0 ? 'none' : names(members)}`,
            source: vpc.source,
          },
        ],
      );
      return;
    }
    const own = ownDeclarations(env.scope);
    const outsiders = members.filter((d) => dropletRole(own, d, vpcs) === 'out-of-scope');
    if (outsiders.length > 0) {
      report.fail(
        'non-cde-droplet-in-cde-vpc',
        `CDE VPC "${vpc.name}" also holds ${outsiders.length === 1 ? 'Droplet' : 'Droplets'} ${names(outsiders)}, declared neither CDE nor connected-to; ${outsiders.length === 1 ? 'it shares' : 'they share'} a flat network with the CDE.`,
        outsiders.map((d) => ({
          observed: `Droplet ${d.id} "${d.name}" (tags [${d.tags.join(', ')}]) is in VPC ${vpc.name} (${vpc.id})`,
          expected: 'only Droplets declared in scope.cde or scope.connected in the CDE VPC',
          source: d.source,
        })),
      );
      return;
    }
    // Droplets whose VPC the API did not return (no vpc:read) might be members.
    const maybe = env.droplets.value.filter(
      (d) =>
        d.vpcUuid === undefined &&
        (d.region === undefined || vpc.region === '' || d.region === vpc.region) &&
        dropletRole(own, d, vpcs) === 'out-of-scope',
    );
    if (maybe.length > 0) {
      report.unknown(
        'droplet-vpc-unknown',
        `Not decided: the VPC of ${maybe.length === 1 ? 'Droplet' : 'Droplets'} ${names(maybe)} was not returned (vpc_uuid needs the vpc:read scope); ${maybe.length === 1 ? 'it is' : 'they are'} declared neither CDE nor connected-to and could be in CDE VPC "${vpc.name}".`,
        maybe.map((d) => ({ observed: `Droplet ${d.id} "${d.name}" has no vpc_uuid`, source: d.source })),
      );
      return;
    }
    const cde = members.filter((d) => dropletRole(own, d, vpcs) === 'cde');
    const connected = members.filter((d) => dropletRole(own, d, vpcs) === 'connected');
    report.pass(
      'cde-vpc-members-in-scope',
      members.length === 0
        ? `CDE VPC "${vpc.name}" has no Droplets.`
        : `Every Droplet in CDE VPC "${vpc.name}" is declared in scope: ${cde.length} CDE${cde.length > 0 ? ` (${names(cde)})` : ''}, ${connected.length} connected-to${connected.length > 0 ? ` (${names(connected)})` : ''}.`,
      [
        {
          observed: `members of ${vpc.name} (${vpc.id}, ${vpc.ipRange}): ${members.length === 0 ? 'none' : names(members)}`,
          source: vpc.source,
        },
      ],
    );
  },
});
