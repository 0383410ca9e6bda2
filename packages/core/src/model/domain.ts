/**
 * Domain (virtual machine) model: zod schemas mirroring libvirt's domain XML.
 * @module
 */
import { z } from 'zod';
import { extraField, NameSchema, UuidSchema } from './common.js';
import { RawXmlElementSchema } from '../xml/mapping.js';

// NOTE(skeleton): the top-level contract below is used by the Connection API
// and the test driver. Devices and the remaining sections are filled in by
// the domain-model work; keep these top-level field names and units.

/** zod schema of a domain definition (libvirt `<domain>`). Memory sizes are in KiB. */
export const DomainSpecSchema = z.object({
  /** Hypervisor type attribute (`kvm`, `qemu`, `xen`, `test`, ...). */
  type: z.string().min(1),
  /** Domain name. */
  name: NameSchema,
  /** Domain UUID; generated on define when absent. */
  uuid: UuidSchema.optional(),
  /** Short title. */
  title: z.string().optional(),
  /** Free-text description. */
  description: z.string().optional(),
  /** `<metadata>` element kept verbatim (namespaced application data). */
  metadata: RawXmlElementSchema.optional(),
  /** Maximum memory at boot, in KiB (`<memory>`). */
  memory: z.number().int().nonnegative(),
  /** Current (balloon) memory in KiB (`<currentMemory>`); defaults to `memory`. */
  currentMemory: z.number().int().nonnegative().optional(),
  /** Virtual CPUs. */
  vcpu: z.object({ count: z.number().int().positive(), current: z.number().int().positive().optional(), placement: z.enum(['static', 'auto']).optional(), cpuset: z.string().optional() }).default({ count: 1 }),
  /** Guest OS boot configuration. */
  os: z.object({ type: z.string().default('hvm'), arch: z.string().optional(), machine: z.string().optional() }).passthrough().default({ type: 'hvm' }),
  ...extraField,
}).passthrough();

/** A domain definition. */
export type DomainSpec = z.infer<typeof DomainSpecSchema>;
