#!/usr/bin/env bash
# Boots the polyvisor Xen test host (built by build.sh) under QEMU/TCG, for
# poking at by hand. The tests use packages/driver-xen/test/fixtures/xen-host.ts,
# which does the same from TypeScript.
#
#   scripts/xen-host/boot.sh [PORT]      (default port 2222, loopback only)
#
# Runs in the foreground until QEMU exits (Ctrl-C kills it). The disk is a
# throw-away qcow2 overlay over the cached rootfs.img, removed on exit; the
# serial console (Xen + dom0) goes to <run dir>/serial.log. Log in with:
#   ssh -p PORT -i <cache>/xen-host/id_ed25519 \
#     -o UserKnownHostsFile=<run dir>/known_hosts root@127.0.0.1
# Environment: POLYVISOR_XEN_MEM (MiB, default 1024), POLYVISOR_QEMU,
# POLYVISOR_XEN_CPU (QEMU -cpu, default max), POLYVISOR_XEN_APPEND (extra Xen
# options after those in xen-cmdline; later ones win).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
OUT_DIR=${POLYVISOR_CACHE_DIR:-$REPO_ROOT/.cache}/xen-host
PORT=${1:-2222}
MEM=${POLYVISOR_XEN_MEM:-1024}
QEMU=${POLYVISOR_QEMU:-qemu-system-x86_64}

"$SCRIPT_DIR/build.sh" >/dev/null
RUN_DIR=$(mktemp -d /tmp/polyvisor-xen-host.XXXXXX)
trap 'rm -rf "$RUN_DIR"' EXIT
qemu-img create -q -f qcow2 -F raw -b "$OUT_DIR/rootfs.img" "$RUN_DIR/disk.qcow2"
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$OUT_DIR/ssh_host_ed25519_key.pub")" >"$RUN_DIR/known_hosts"
echo "run dir: $RUN_DIR (serial.log, known_hosts)" >&2
echo "ssh -p $PORT -i $OUT_DIR/id_ed25519 -o UserKnownHostsFile=$RUN_DIR/known_hosts root@127.0.0.1" >&2

"$QEMU" -accel tcg,tb-size=256 -cpu "${POLYVISOR_XEN_CPU:-max}" -m "$MEM" -smp 2 \
  -nodefaults -no-user-config -display none -no-reboot \
  -serial "file:$RUN_DIR/serial.log" \
  -kernel "$OUT_DIR/xen.elf" \
  -append "$(grep -v '^#' "$SCRIPT_DIR/xen-cmdline" | tr -s '\n' ' ' | sed 's/ *$//')${POLYVISOR_XEN_APPEND:+ $POLYVISOR_XEN_APPEND}" \
  -initrd "$OUT_DIR/vmlinuz console=hvc0 root=/dev/vda rw net.ifnames=0 quiet,$OUT_DIR/initrd.img" \
  -drive "file=$RUN_DIR/disk.qcow2,if=virtio,format=qcow2,cache=unsafe,discard=unmap" \
  -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-:22" \
  -device virtio-net-pci,netdev=n0,romfile=
