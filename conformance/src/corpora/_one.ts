import { readFileSync } from 'node:fs';
import { parseDomainXml } from '@polyvisor/core';
import { loadLibvirtCapsXml } from '../../../packages/driver-kvm/src/qemu/caps.js';
import { buildQemuArgv, formatArgsFile } from '../../../packages/driver-kvm/src/qemu/argv.js';
const d = '/work/shared/peer-data/libvirt/';
const caps = loadLibvirtCapsXml(readFileSync(d + 'qemucapabilitiesdata/caps_10.0.0_x86_64.xml', 'utf8'));
const r = buildQemuArgv(parseDomainXml(readFileSync(process.argv[2]!.startsWith('/') ? process.argv[2]! : d + 'qemuxmlconfdata/' + process.argv[2] + '.xml', 'utf8')), caps, {});
process.stdout.write(formatArgsFile(r));
