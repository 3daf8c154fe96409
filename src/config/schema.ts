// The schema of cdeguard.yaml: scope (what is the CDE, what is connected to it) and the SAQ type.
// Validated with zod at load time; the same schema is emitted as JSON Schema to docs/schemas/.
import { z } from 'zod';

const names = z.array(z.string().min(1)).default([]);

export const selectorSchema = z
  .strictObject({
    tags: names.describe('Droplets carrying any of these tags'),
    droplets: z
      .array(z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]))
      .default([])
      .describe('Droplets by name or numeric id'),
    vpcs: names.describe(
      'Every droplet in these VPCs (by name or id); for `cde`, also the VPCs that form the CDE network',
    ),
  })
  .describe('A selection of droplets and VPCs');

export const configSchema = z
  .strictObject({
    version: z.literal(1).describe('Version of this file format'),
    saq: z
      .enum(['A', 'A-EP', 'D'])
      .optional()
      .describe('The Self-Assessment Questionnaire the merchant completes; recorded in the report'),
    scope: z
      .strictObject({
        cde: selectorSchema
          .default({ tags: [], droplets: [], vpcs: [] })
          .describe('Cardholder data environment'),
        connected: selectorSchema
          .default({ tags: [], droplets: [], vpcs: [] })
          .describe('Systems connected to the CDE or able to affect its security'),
      })
      .optional()
      .describe('What is in PCI DSS scope'),
  })
  .describe('cdeguard configuration (cdeguard.yaml)');

export type Config = z.infer<typeof configSchema>;
