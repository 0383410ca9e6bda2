/**
 * vitest global setup of `pnpm test:xen`: builds (or checks) the Xen test
 * image, boots ONE Xen host under QEMU for the whole run and provides its
 * connection details to every test file as `inject('xenHost')`; the teardown
 * kills QEMU and removes its run directory (also on failures: vitest runs the
 * teardown whatever the tests did, and the fixture kills QEMU on exit and on
 * SIGINT/SIGTERM, with a parent-death signal as the last resort).
 *
 * `POLYVISOR_XEN_SSH_PORT` + `POLYVISOR_XEN_KNOWN_HOSTS` make it use a host
 * already booted with scripts/xen-host/boot.sh instead (left running).
 */
import type { TestProject } from 'vitest/node';
import { bootXenHost, buildXenHost, runningXenHostFromEnv, type XenHost } from '../../packages/driver-xen/test/fixtures/xen-host.js';

const log = (m: string) => console.log(`[xen-host] ${m}`);

/** Boots the host and provides it; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  let host: XenHost | undefined = runningXenHostFromEnv();
  if (host) log(`using the running host on port ${host.port}`);
  else {
    log(`image build (cache check or rebuild): ${buildXenHost()} ms`);
    // The first end of a peer link: the host-to-host migration test boots a second host onto it.
    host = await bootXenHost({ log, peer: { listen: true, address: '10.99.0.1/24' } });
    log(`boot to sshd + xl info: ${host.bootMs} ms`);
  }
  project.provide('xenHost', { port: host.port, keyfile: host.keyfile, knownHosts: host.knownHosts, uri: host.uri, bootMs: host.bootMs, ...(host.peer ? { peer: host.peer } : {}) });
  const booted = host;
  return async () => {
    await booted.stop();
    log(`host stopped; whole run ${Math.round((Date.now() - t0) / 1000)} s`);
  };
}
