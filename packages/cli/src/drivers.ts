import { testDriver, type Driver } from '@polyvisor/core';

/** Driver packages the CLI loads when they are installed; each exports `driver`. */
export const OPTIONAL_DRIVER_PACKAGES = ['@polyvisor/driver-kvm', '@polyvisor/driver-xen', '@polyvisor/remote'] as const;

/** The built-in test driver plus every optional driver package that is installed. */
export async function loadDrivers(): Promise<Driver[]> {
  const drivers: Driver[] = [testDriver];
  for (const pkg of OPTIONAL_DRIVER_PACKAGES) {
    try {
      const mod = (await import(pkg)) as { driver?: Driver };
      if (mod.driver && typeof mod.driver.open === 'function') drivers.push(mod.driver);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return drivers;
}
