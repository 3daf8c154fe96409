// Fails a CDE Droplet that does not sit in a VPC declared as the CDE network segment.
import { defineCheck } from '../kit.js';
import type { Droplet } from '../../model/digitalocean.js';
import { isCdeVpc } from '../../analysis/scope.js';
import { dropletRef } from './shared/droplet-scope.js';
import { UUID } from '../../analysis/scope.js';
import { passesCdeGate } from '../scope-gate.js';

export default defineCheck<Droplet>({
  id: 'do-cde-droplet-outside-cde-vpc',
  title: 'CDE Droplets sit in a VPC declared for the CDE',
  severity: 'high',
  pci: ['1.3.1', '1.4.1'],
  rationale:
    "A DigitalOcean VPC is a flat private network: every member can reach every other on its private interface unless firewalls stop it. Segmentation of the cardholder data environment therefore starts with the VPC boundary. A CDE Droplet placed in the region's default VPC, or in a VPC shared with development or marketing systems, shares a network with systems that were never meant to be in PCI scope, which either pulls them into scope or leaves the CDE without the network boundary PCI DSS 1.3.1 and 1.4.1 require.",
  remediation: [
    'A Droplet cannot be moved to another VPC in place. Snapshot it and recreate it in the CDE VPC, then retire the old one:',
    '',
    '  doctl compute droplet-action snapshot <droplet-id> --snapshot-name <name>-move --wait',
    '  doctl compute droplet create <name> --image <snapshot-id> --region <region> --size <size-slug> --vpc-uuid <cde-vpc-uuid> --tag-names cde',
    '',
    'Terraform:',
    '',
    '  resource "digitalocean_vpc" "cde" {',
    '    name     = "cde"',
    '    region   = "fra1"',
    '    ip_range = "10.116.0.0/20"',
    '  }',
    '  resource "digitalocean_droplet" "checkout" {',
    '    # ...',
    '    vpc_uuid = digitalocean_vpc.cde.id',
    '  }',
    '',
    'If the Droplet is not really part of the CDE, correct scope.cde in cdeguard.yaml instead.',
  ].join('\n'),
  appliesTo: (env) => (env.droplets.known ? env.droplets.value : env.droplets),
  describe: dropletRef,
  evaluate(d, env, report) {
    if (!passesCdeGate(env, d, report)) return;
    const declared = env.scope.cde.vpcs;
    if (declared.length === 0) {
      report.unknown(
        'no-cde-vpc-declared',
        `Not tested: cdeguard.yaml declares no CDE VPC (scope.cde.vpcs), so it cannot be checked that CDE Droplet "${d.name}" sits in the CDE network segment.`,
      );
      return;
    }
    if (d.vpcUuid === undefined) {
      report.unknown(
        'droplet-vpc-unknown',
        `Not tested: the API did not return the VPC of CDE Droplet "${d.name}" (vpc_uuid needs the vpc:read scope).`,
        [{ observed: `Droplet ${d.id} "${d.name}" has no vpc_uuid`, source: d.source }],
      );
      return;
    }
    const vpc = env.vpcs.known ? env.vpcs.value.find((v) => v.id === d.vpcUuid) : undefined;
    const vpcName =
      vpc === undefined
        ? d.vpcUuid
        : `"${vpc.name}" (${vpc.id}, ${vpc.ipRange}${vpc.default ? `, the default VPC of ${vpc.region}` : ''})`;
    const inCde = declared.includes(d.vpcUuid) || (vpc !== undefined && isCdeVpc(env.scope, vpc));
    if (inCde) {
      report.pass('in-cde-vpc', `CDE Droplet "${d.name}" sits in the declared CDE VPC ${vpcName}.`, [
        {
          observed: `vpc_uuid ${d.vpcUuid}`,
          expected: `one of the declared CDE VPCs: ${declared.join(', ')}`,
          source: d.source,
        },
      ]);
      return;
    }
    if (!env.vpcs.known && declared.some((s) => !UUID.test(s))) {
      report.unknown(
        'vpcs-not-collected',
        `Not tested: the CDE VPCs are declared by name (${declared.join(', ')}) but VPCs were not read (${env.vpcs.detail}), so it is unknown whether VPC ${d.vpcUuid} of CDE Droplet "${d.name}" is one of them.`,
      );
      return;
    }
    report.fail(
      'outside-cde-vpc',
      `CDE Droplet "${d.name}" sits in VPC ${vpcName}, which is not a declared CDE VPC (${declared.join(', ')}); it shares a flat network with whatever else is in that VPC.`,
      [
        {
          observed: `vpc_uuid ${d.vpcUuid}`,
          expected: `one of the declared CDE VPCs: ${declared.join(', ')}`,
          source: d.source,
        },
        ...(vpc === undefined
          ? []
          : [
              {
                observed: `VPC ${vpc.name} (${vpc.id}) ${vpc.ipRange}, default: ${vpc.default}`,
                source: vpc.source,
              },
            ]),
      ],
    );
  },
});
