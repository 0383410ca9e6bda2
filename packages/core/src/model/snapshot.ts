/**
 * Domain snapshot model (libvirt `<domainsnapshot>`).
 * @module
 */
import { z } from 'zod';
import { extraField } from './common.js';
import { DomainSpecSchema } from './domain.js';

/** zod: one `<disk>` of a snapshot. */
export const SnapshotDiskSchema = z.object({
  /** Disk target (`vda`) or source path. */
  name: z.string().min(1),
  /** How this disk is snapshotted. */
  snapshot: z.enum(['no', 'internal', 'external', 'manual']).optional(),
  /** Image format of an external overlay. */
  driverType: z.string().optional(),
  /** Overlay file of an external snapshot. */
  sourceFile: z.string().optional(),
  ...extraField,
});
/** One disk of a snapshot. */
export type SnapshotDisk = z.infer<typeof SnapshotDiskSchema>;

/** Domain states a snapshot records (libvirt's `virDomainSnapshotState`). */
export const SnapshotStates = ['running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended', 'disk-snapshot'] as const;

/** zod schema of a domain snapshot. */
export const DomainSnapshotSpecSchema = z.object({
  /** Snapshot name (generated from the time when absent). */
  name: z.string().min(1).optional(),
  /** Free-text description. */
  description: z.string().optional(),
  /** Domain state when taken. */
  state: z.enum(SnapshotStates).optional(),
  /** Creation time, seconds since the epoch. */
  creationTime: z.number().int().nonnegative().optional(),
  /** Parent snapshot name. */
  parent: z.string().optional(),
  /** Memory state: none, internal (with the disks), or external file. */
  memory: z.object({ snapshot: z.enum(['no', 'internal', 'external', 'manual']), file: z.string().optional(), ...extraField }).optional(),
  /** Per-disk snapshot modes. */
  disks: z.array(SnapshotDiskSchema).optional(),
  /** The domain definition at the time of the snapshot. */
  domain: DomainSpecSchema.optional(),
  /** Whether the domain was active. */
  active: z.boolean().optional(),
  ...extraField,
});
/** A domain snapshot definition. */
export type DomainSnapshotSpec = z.infer<typeof DomainSnapshotSpecSchema>;
