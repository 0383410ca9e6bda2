/**
 * Devices rendered at the end of the command line (after `-sandbox`):
 * shared memory (`ivshmem-plain` / `ivshmem-doorbell`), vsock, crypto and
 * pstore; plus `vmcoreinfo` (before `-sandbox`).
 * @module
 */
import type { XmlElement } from '@polyvisor/core';
import { child, extraDevices, nodeAddress } from '../xmlx.js';
import { esc, json, type Ctx } from './common.js';
import { sizeKiB } from './memory.js';
import { virtioOptions } from './common.js';

/** `-device vmcoreinfo` for `<features><vmcoreinfo/>`. */
export function renderVmcoreinfo(ctx: Ctx): void {
  const v = ctx.p.spec.features?.extra?.children?.find((c) => c.node.name === 'vmcoreinfo')?.node;
  if (v && v.attrs.state !== 'off') ctx.device({ driver: 'vmcoreinfo' });
}

/** Shared memory devices. */
export function renderShmems(ctx: Ctx): void {
  extraDevices(ctx.p.spec, 'shmem').forEach((sh, i) => {
    const n = sh.node;
    const alias = `shmem${i}`;
    const name = n.attrs.name ?? alias;
    const model = child(n, 'model')?.attrs.type ?? 'ivshmem-plain';
    const addr = ctx.pciProps(nodeAddress(n));
    if (model === 'ivshmem-plain') {
      const size = sizeKiB(child(n, 'size')) ?? 4096;
      ctx.add('-object', json({ 'qom-type': 'memory-backend-file', id: `shmmem-${alias}`, 'mem-path': `/dev/shm/${name}`, size: size * 1024, share: true }));
      const role = n.attrs.role;
      ctx.device({ driver: 'ivshmem-plain', id: alias, memdev: `shmmem-${alias}`, master: role === 'master' ? 'on' : role === 'peer' ? 'off' : undefined, ...addr });
      return;
    }
    if (model !== 'ivshmem-doorbell') ctx.unsupported(`shmem model '${model}' is not supported`);
    const msi = child(n, 'msi')?.attrs ?? {};
    ctx.device({ driver: 'ivshmem-doorbell', id: alias, chardev: `char${alias}`, vectors: msi.vectors !== undefined ? Number(msi.vectors) : undefined, ioeventfd: msi.ioeventfd !== 'off', ...addr });
    const path = child(n, 'server')?.attrs.path ?? `/var/lib/libvirt/shmem-${name}-sock`;
    ctx.add('-chardev', `socket,id=char${alias},path=${esc(path)}`);
  });
}

/** `vhost-vsock-pci`. */
export function renderVsock(ctx: Ctx): void {
  const v = extraDevices(ctx.p.spec, 'vsock')[0]?.node;
  if (!v) return;
  const cid = child(v, 'cid');
  const drv = v.attrs.model === 'virtio-transitional' ? 'vhost-vsock-pci-transitional' : v.attrs.model === 'virtio-non-transitional' ? 'vhost-vsock-pci-non-transitional' : 'vhost-vsock-pci';
  // An automatic CID and the /dev/vhost-vsock fd are allocated by the caller (libvirt's harness: 42 / 6789).
  const guestCid = cid?.attrs.address !== undefined && cid.attrs.auto !== 'yes' ? Number(cid.attrs.address) : (ctx.opts.vsock?.cid ?? (cid?.attrs.address !== undefined ? Number(cid.attrs.address) : 42));
  ctx.device({ driver: drv, ...virtioOptions(child(v, 'driver')?.attrs), id: 'vsock0', 'guest-cid': guestCid, vhostfd: String(ctx.opts.vsock?.fd ?? 6789), ...ctx.pciProps(nodeAddress(v)) });
}

/** Crypto devices (`cryptodev-backend-*` + `virtio-crypto-pci`). */
export function renderCryptos(ctx: Ctx): void {
  extraDevices(ctx.p.spec, 'crypto').forEach((c, i) => {
    const n = c.node;
    const backend = child(n, 'backend');
    const model = backend?.attrs.model ?? 'builtin';
    if (model !== 'builtin' && model !== 'lkcf') ctx.unsupported(`crypto backend '${model}' is not supported`);
    const obj = `objcrypto${i}`;
    ctx.add('-object', json({ 'qom-type': `cryptodev-backend-${model}`, id: obj, queues: backend?.attrs.queues !== undefined ? Number(backend.attrs.queues) : undefined }));
    ctx.device({ driver: 'virtio-crypto-pci', cryptodev: obj, id: `crypto${i}`, ...ctx.pciProps(nodeAddress(n)) });
  });
}

/** `acpi-erst` persistent store. */
export function renderPstore(ctx: Ctx): void {
  extraDevices(ctx.p.spec, 'pstore').forEach((p, i) => {
    const n = p.node;
    if (n.attrs.backend !== 'acpi-erst') ctx.unsupported(`pstore backend '${n.attrs.backend}' is not supported`);
    const path = textOf(child(n, 'path'));
    const alias = `pstore${i}`;
    ctx.add('-object', json({ 'qom-type': 'memory-backend-file', id: `mem${alias}`, 'mem-path': path, size: (sizeKiB(child(n, 'size')) ?? 0) * 1024, share: true }));
    ctx.device({ driver: 'acpi-erst', id: alias, memdev: `mem${alias}`, ...ctx.pciProps(nodeAddress(n)) });
  });
}

function textOf(e: XmlElement | undefined): string | undefined {
  return e?.children.filter((c): c is string => typeof c === 'string').join('').trim();
}
