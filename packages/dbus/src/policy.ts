/**
 * The D-Bus system bus policy shipped in `share/org.libvirt.conf`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the shipped policy file (`share/org.libvirt.conf`). */
export const POLICY_FILE: string = fileURLToPath(new URL('../share/org.libvirt.conf', import.meta.url));

/** Options of {@link systemPolicy}. */
export interface SystemPolicyOptions {
  /** Group whose members may call the service besides root (default `polyvisor`). */
  group?: string;
  /** Bus name the policy guards (default `org.libvirt`). */
  name?: string;
}

/**
 * The system bus policy text: only root owns the name, and only root and
 * members of `group` may send to it. Install it in `/etc/dbus-1/system.d/`.
 */
export function systemPolicy(options: SystemPolicyOptions = {}): string {
  const group = options.group ?? 'polyvisor';
  const name = options.name ?? 'org.libvirt';
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/.test(group)) throw new Error(`invalid group name '${group}'`);
  if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(name)) throw new Error(`invalid bus name '${name}'`);
  return readFileSync(POLICY_FILE, 'utf8').replace(/group="polyvisor"/g, `group="${group}"`).replace(/"org\.libvirt"/g, `"${name}"`);
}
