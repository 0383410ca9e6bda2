/**
 * The pure QEMU command-line renderer: {@link DomainSpec} + {@link QemuCaps}
 * → argv array (never a shell string) and environment, following the option
 * order and formats of libvirt's `qemu_command.c` for QEMU 10.0
 * (`-device`/`-blockdev`/`-netdev` in JSON syntax).
 *
 * libvirt's post-parse defaults (implicit controllers, addresses, default
 * models) are applied first by {@link applyQemuDefaults}.
 * @module
 */
import type { DomainSpec } from '@polyvisor/core';
import type { QemuCaps } from './caps.js';
import { applyQemuDefaults, type PreparedDomain, type QemuDefaultsOptions } from './defaults.js';
import { formatArgsFile, parseArgsFile, tokenizeShell, shellQuote, type QemuCommand } from './args-file.js';
import { Ctx, esc, json, type BuildQemuArgvOptions } from './argv/common.js';
import { renderDisks } from './argv/disk.js';
import { renderNets } from './argv/net.js';
import { FdSets, renderCharDevices } from './argv/chardev.js';
import { renderMemoryDevices } from './argv/memory.js';
import { qemuNsEnv, renderCompat, renderQemuNsArgs } from './argv/qemuns.js';
import { renderVmcoreinfo, renderShmems, renderVsock, renderCryptos, renderPstore } from './argv/misc.js';
import { resolveFirmware } from './firmware.js';
import { clockEnv, renderAccel, renderSysinfo, renderVmgenid, renderIommu, renderPflash, renderLoader, renderMachine, renderCpu, renderMemory, renderSmp, renderClock, renderPm, renderBoot, computeBootIndexes } from './argv/machine.js';
import { renderControllers, renderInputs, renderAudio, audioEnv, renderGraphics, graphicsEnv, renderVideos, renderSounds, renderWatchdogs, renderRedirdevs, renderHostdevs, renderMemballoon, renderRngs, renderPanics, renderTpms, renderHubs, renderCcidControllers, renderSmartcards, renderFilesystems } from './argv/devices.js';

export { formatArgsFile, parseArgsFile, tokenizeShell, shellQuote, type QemuCommand, type BuildQemuArgvOptions };

/** Options of {@link buildQemuArgv}. */
export type QemuArgvOptions = BuildQemuArgvOptions & QemuDefaultsOptions;

/**
 * Renders the QEMU command line of a domain.
 *
 * Pure: no file system or process access. Per-domain paths derive from
 * `opts.libDir`/`opts.domainId`; pre-opened fds (monitor, TAP, vhost,
 * listening sockets) come from `opts` and default to the numbers libvirt's
 * test harness uses.
 * @throws PolyvisorError `UNSUPPORTED` for configurations the renderer does not support, `INVALID_ARG` for invalid ones.
 */
export function buildQemuArgv(spec: DomainSpec, caps: QemuCaps, opts: QemuArgvOptions = {}): QemuCommand {
  const prepared = applyQemuDefaults(spec, caps, opts);
  if (opts.accel) prepared.accel = opts.accel;
  return renderPrepared(prepared, opts);
}

/** Renders an already-defaulted domain (see {@link applyQemuDefaults}). */
export function renderPrepared(p: PreparedDomain, opts: BuildQemuArgvOptions = {}): QemuCommand {
  const ctx = new Ctx(p, opts);
  const spec = p.spec;
  const dev = spec.devices!;
  if (spec.os.type !== 'hvm') ctx.unsupported(`OS type '${spec.os.type}' is not supported`);
  if (spec.type !== 'kvm' && spec.type !== 'qemu') ctx.unsupported(`domain type '${spec.type}' is not supported by the QEMU driver`);
  const home = ctx.domainLibDir;
  const env: Record<string, string> = {
    LC_ALL: 'C',
    PATH: opts.path ?? '/bin',
    HOME: home,
    USER: opts.user ?? 'test',
    LOGNAME: opts.user ?? 'test',
    XDG_DATA_HOME: `${home}/.local/share`,
    XDG_CACHE_HOME: `${home}/.cache`,
    XDG_CONFIG_HOME: `${home}/.config`,
    ...clockEnv(ctx),
    ...audioEnv(ctx),
    ...graphicsEnv(ctx),
    ...qemuNsEnv(ctx),
  };
  ctx.add(dev.emulator ?? p.caps.emulator ?? `/usr/bin/qemu-system-${spec.os.arch ?? p.caps.arch}`);
  ctx.add('-name', `guest=${esc(spec.name)},debug-threads=on`);
  renderCompat(ctx);
  if (opts.startPaused !== false) ctx.add('-S');
  ctx.add('-object', json({ 'qom-type': 'secret', id: 'masterKey0', format: 'raw', file: `${home}/master-key.aes` }));
  ctx.fw = resolveFirmware(spec, opts.firmware, p.machine, spec.os.arch ?? p.caps.arch, opts.nvramDir ?? `${opts.libDir ?? '/var/lib/libvirt/qemu'}/nvram`, (m) => ctx.unsupported(m), p.abiUpdate);
  renderPflash(ctx);
  renderMachine(ctx);
  renderAccel(ctx);
  renderCpu(ctx);
  renderLoader(ctx);
  renderMemory(ctx);
  renderSmp(ctx);
  ctx.add('-uuid', spec.uuid ?? ctx.invalid('a UUID is required'));
  renderSysinfo(ctx);
  renderVmgenid(ctx);
  if (dev.graphics.length === 0) ctx.add('-display', 'none');
  ctx.add('-no-user-config', '-nodefaults');
  if (opts.monitorPath) ctx.add('-chardev', `socket,id=charmonitor,path=${esc(opts.monitorPath)},server=on,wait=off`);
  else ctx.add('-chardev', `socket,id=charmonitor,fd=${opts.monitorFd ?? 1729},server=on,wait=off`);
  ctx.add('-mon', 'chardev=charmonitor,id=monitor,mode=control');
  renderClock(ctx);
  renderPm(ctx);
  const bootIndex = computeBootIndexes(ctx);
  renderBoot(ctx);
  renderIommu(ctx);
  renderControllers(ctx);
  renderMemoryDevices(ctx);
  renderHubs(ctx);
  renderCcidControllers(ctx);
  const fds = new FdSets();
  renderDisks(ctx, bootIndex);
  renderFilesystems(ctx);
  renderNets(ctx, bootIndex);
  renderSmartcards(ctx, fds);
  renderCharDevices(ctx, fds);
  renderTpms(ctx, fds);
  renderInputs(ctx);
  renderAudio(ctx);
  renderGraphics(ctx);
  renderVideos(ctx);
  renderSounds(ctx);
  renderWatchdogs(ctx);
  renderRedirdevs(ctx, fds);
  renderHostdevs(ctx, bootIndex);
  renderMemballoon(ctx);
  renderRngs(ctx, fds);
  if (opts.incoming) ctx.add('-incoming', opts.incoming);
  renderVmcoreinfo(ctx);
  renderQemuNsArgs(ctx);
  if (ctx.cap('seccomp-sandbox')) ctx.add('-sandbox', 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny');
  renderPanics(ctx);
  renderShmems(ctx);
  renderVsock(ctx);
  renderCryptos(ctx);
  renderPstore(ctx);
  ctx.add('-msg', 'timestamp=on');
  return { argv: ctx.argv, env };
}
