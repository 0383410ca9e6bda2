#!/usr/bin/env bash
# Builds the polyvisor Xen test host: a Debian 12 dom0 root filesystem image
# with Xen 4.17's toolstack and HVM device model, the Xen hypervisor ELF and the dom0 kernel, plus a
# tiny busybox PV guest inside the image. Booted under QEMU (TCG) by
# packages/driver-xen/test/fixtures/xen-host.ts (or scripts/xen-host/boot.sh).
#
#   scripts/xen-host/build.sh [--force]
#
# Needs root (debootstrap, chroot). Output, under
# ${POLYVISOR_CACHE_DIR:-<repo>/.cache}/xen-host/:
#   xen.elf                  the hypervisor (multiboot ELF for QEMU -kernel)
#   vmlinuz, initrd.img      dom0 kernel + initramfs (Debian linux-image-amd64)
#   rootfs.img               sparse ext4 dom0 root filesystem (virtio disk)
#   id_ed25519[.pub]         the key the tests log in with (root)
#   ssh_host_ed25519_key.pub dom0's sshd host key (for known_hosts)
#   manifest.txt             versions + what went in
# The image is rebuilt when build.sh or dom0-init, or the test guest
# (scripts/test-guest/build.sh, built first), is newer than it. The debootstrap
# tree (work/rootfs) and downloaded .debs (debs/) are kept and reused; the
# tree is bootstrapped afresh when its package list changes or when it is
# older than POLYVISOR_XEN_TREE_MAX_DAYS (default 14), to pick up Debian's
# updates in a long-lived cache (.ci/run keeps one in /var/cache/polyvisor).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE_ROOT=${POLYVISOR_CACHE_DIR:-$REPO_ROOT/.cache}
OUT_DIR=$CACHE_ROOT/xen-host
WORK_DIR=$OUT_DIR/work
ROOTFS=$WORK_DIR/rootfs
DEB_DIR=$OUT_DIR/debs
GUEST_DIR=$CACHE_ROOT/test-guest
MIRROR=${POLYVISOR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# qemu-system-xen: the HVM device model (/usr/libexec/xen-qemu-system-i386, which libxl runs), and
# through its dependencies the seabios firmware (/usr/share/seabios/bios-256k.bin) libxl loads.
PACKAGES=xen-utils-4.17,xen-hypervisor-4.17-amd64,linux-image-amd64,busybox-static,iproute2,kmod,procps,udev,openssh-server,qemu-system-xen
# Where the PV test guest's kernel + initramfs live inside dom0.
GUEST_IN_DOM0=/var/lib/polyvisor-guest

FORCE=0
for arg in "$@"; do
  case $arg in
    -f|--force) FORCE=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf 'xen-host: %s\n' "$*" >&2; }
die() { printf 'xen-host: error: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

OUTPUTS=(xen.elf vmlinuz initrd.img rootfs.img id_ed25519 id_ed25519.pub ssh_host_ed25519_key.pub manifest.txt)

print_result() {
  local f
  for f in "${OUTPUTS[@]}"; do printf '%-26s %s\n' "$f:" "$OUT_DIR/$f"; done
}

TREE_MAX_DAYS=${POLYVISOR_XEN_TREE_MAX_DAYS:-14}
[[ $TREE_MAX_DAYS =~ ^[0-9]+$ ]] || die "POLYVISOR_XEN_TREE_MAX_DAYS must be a number of days, not '$TREE_MAX_DAYS'"
# True when the debootstrap tree is younger than TREE_MAX_DAYS (its stamp is written when debootstrap ends).
tree_fresh() { [[ -f $ROOTFS/.polyvisor-debootstrap && -n $(find "$ROOTFS/.polyvisor-debootstrap" -mtime "-$TREE_MAX_DAYS") ]]; }

up_to_date() {
  local f
  # A tree past its age makes the image stale too (a cache without its tree is judged by the image alone).
  [[ ! -f $ROOTFS/.polyvisor-debootstrap ]] || tree_fresh || return 1
  for f in "${OUTPUTS[@]}"; do [[ -s $OUT_DIR/$f ]] || return 1; done
  for f in "$SCRIPT_DIR/build.sh" "$SCRIPT_DIR/dom0-init"; do
    [[ $f -nt "$OUT_DIR/rootfs.img" ]] && return 1
  done
  for f in "$GUEST_DIR/vmlinuz" "$GUEST_DIR/initrd.img"; do
    [[ -f $f && ! $f -nt "$OUT_DIR/rootfs.img" ]] || return 1
  done
  return 0
}

START_TS=$(date +%s.%N)
mkdir -p "$OUT_DIR"
# The test guest first (a no-op of a few ms when it is up to date).
"$REPO_ROOT/scripts/test-guest/build.sh" >/dev/null

# One build at a time per cache (parallel test files may all call this).
exec 9>"$OUT_DIR/.lock"
flock 9

if [[ $FORCE -eq 0 ]] && up_to_date; then
  log "up to date (use --force to rebuild), checked in $(elapsed "$START_TS") s"
  print_result
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "building the dom0 image needs root (debootstrap, chroot)"
export DEBIAN_FRONTEND=noninteractive
need() { # need CMD PKG
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (for $1)"
  apt-get -q install -y --no-install-recommends "$2" >&2 ||
    { apt-get -q update >&2 && apt-get -q install -y --no-install-recommends "$2" >&2; } ||
    die "cannot install $2"
}
need debootstrap debootstrap
need mke2fs e2fsprogs
need ssh-keygen openssh-client
need cpio cpio
need xz xz-utils
need flock util-linux

TMP_IMG=$OUT_DIR/rootfs.img.tmp.$$
TMP_DIR=$WORK_DIR/tmp.$$
trap 'rm -rf "$TMP_IMG" "$TMP_DIR"' EXIT
mkdir -p "$WORK_DIR" "$DEB_DIR" "$TMP_DIR"

# ---------------------------------------------------------------- keys
# Generated once per cache and kept, so that rebuilding keeps them stable.
[[ -s $OUT_DIR/id_ed25519 ]] ||
  ssh-keygen -q -t ed25519 -N '' -C polyvisor-xen-test -f "$OUT_DIR/id_ed25519"
[[ -s $OUT_DIR/ssh_host_ed25519_key ]] ||
  ssh-keygen -q -t ed25519 -N '' -C polyvisor-xen-host -f "$OUT_DIR/ssh_host_ed25519_key"
chmod 600 "$OUT_DIR/id_ed25519" "$OUT_DIR/ssh_host_ed25519_key"

# ---------------------------------------------------------------- debootstrap
STAMP_WANT="$SUITE $MIRROR minbase $PACKAGES"
if tree_fresh && [[ $(cat "$ROOTFS/.polyvisor-debootstrap") == "$STAMP_WANT" ]]; then
  log "reusing debootstrap tree $ROOTFS"
else
  T=$(date +%s.%N)
  log "debootstrap --variant=minbase $SUITE ($PACKAGES)"
  rm -rf "$ROOTFS"
  debootstrap --variant=minbase --include="$PACKAGES" --cache-dir="$DEB_DIR" \
    "$SUITE" "$ROOTFS" "$MIRROR" >"$WORK_DIR/debootstrap.log" 2>&1 ||
    { tail -n 30 "$WORK_DIR/debootstrap.log" >&2; die "debootstrap failed (log: $WORK_DIR/debootstrap.log)"; }
  rm -f "$ROOTFS"/var/cache/apt/archives/*.deb
  rm -rf "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
  printf '%s\n' "$STAMP_WANT" >"$ROOTFS/.polyvisor-debootstrap"
  log "debootstrap done in $(elapsed "$T") s"
fi

XEN_GZ=$(compgen -G "$ROOTFS/boot/xen-4.17-amd64.gz" || compgen -G "$ROOTFS/boot/xen-*.gz" | head -n1 || true)
[[ -n $XEN_GZ ]] || die "no /boot/xen-*.gz in the dom0 tree"
DOM0_VMLINUZ=$(find "$ROOTFS/boot" -maxdepth 1 -name 'vmlinuz-*' | LC_ALL=C sort -V | tail -n1)
[[ -n $DOM0_VMLINUZ ]] || die "no /boot/vmlinuz-* in the dom0 tree"
DOM0_KVER=${DOM0_VMLINUZ##*/vmlinuz-}
DOM0_INITRD=$ROOTFS/boot/initrd.img-$DOM0_KVER
[[ -f $DOM0_INITRD ]] || die "no $DOM0_INITRD in the dom0 tree"
[[ -x $ROOTFS/usr/lib/xen-4.17/bin/xl ]] || die "xen-utils-4.17 did not install /usr/lib/xen-4.17/bin/xl"

# ---------------------------------------------------------------- dom0 setup
# Everything here overwrites what it writes, so it can be re-applied to a
# reused tree.
rm -f "$ROOTFS/sbin/init"
install -m 0755 "$SCRIPT_DIR/dom0-init" "$ROOTFS/sbin/init"
# busybox init takes over as PID 1 at the end of /sbin/init: reap, and power off.
printf '::ctrlaltdel:/bin/busybox poweroff -f\n::shutdown:/bin/sync\n' >"$ROOTFS/etc/inittab"
for cmd in poweroff reboot halt; do
  rm -f "$ROOTFS/sbin/$cmd"
  printf '#!/bin/sh\n# polyvisor: a minimal dom0 has no init system; busybox does it.\nsync\nexec /bin/busybox %s -f "$@"\n' "$cmd" >"$ROOTFS/sbin/$cmd"
  chmod 0755 "$ROOTFS/sbin/$cmd"
done
printf 'xen-host\n' >"$ROOTFS/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\txen-host\n' >"$ROOTFS/etc/hosts"
printf '/dev/vda / ext4 rw,relatime 0 1\n' >"$ROOTFS/etc/fstab"
printf 'nameserver 10.0.2.3\n' >"$ROOTFS/etc/resolv.conf"

rm -f "$ROOTFS"/etc/ssh/ssh_host_*
install -m 0600 "$OUT_DIR/ssh_host_ed25519_key" "$ROOTFS/etc/ssh/ssh_host_ed25519_key"
install -m 0644 "$OUT_DIR/ssh_host_ed25519_key.pub" "$ROOTFS/etc/ssh/ssh_host_ed25519_key.pub"
mkdir -p "$ROOTFS/etc/ssh/sshd_config.d"
cat >"$ROOTFS/etc/ssh/sshd_config.d/polyvisor.conf" <<'EOF'
# polyvisor Xen test host: key-only root login, no DNS look-ups, many sessions.
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
MaxSessions 64
MaxStartups 64:30:128
EOF
install -d -m 0700 "$ROOTFS/root/.ssh"
install -m 0600 "$OUT_DIR/id_ed25519.pub" "$ROOTFS/root/.ssh/authorized_keys"
# Host-to-host migration (`xl migrate DOM HOST` runs `ssh HOST xl migrate-receive` as root): every host booted
# from this image is a peer on the 10.99.0.0/24 link (dom0-init, polyvisor.peer=), trusts the same key, and
# knows the one host key. A test image only: the key is the one the tests log in with.
install -m 0600 "$OUT_DIR/id_ed25519" "$ROOTFS/root/.ssh/id_ed25519"
printf '10.99.0.* %s\n' "$(cut -d' ' -f1,2 "$OUT_DIR/ssh_host_ed25519_key.pub")" >"$ROOTFS/root/.ssh/known_hosts"
chmod 0600 "$ROOTFS/root/.ssh/known_hosts"
# Never a prompt on the link. (Measured: neither compression nor another cipher speeds the ~2.5 MB/s the
# emulated link carries under TCG.)
cat >"$ROOTFS/root/.ssh/config" <<'EOF'
Host 10.99.0.*
  BatchMode yes
EOF
chmod 0600 "$ROOTFS/root/.ssh/config"

# ---------------------------------------------------------------- PV guest
# The test guest's kernel (Debian cloud kernel: CONFIG_XEN_PV=y, hvc console
# built in) and initramfs, plus an overlay archive (the kernel unpacks
# concatenated cpio archives, later files win) with:
#  - /sbin/poweroff and /sbin/reboot that call busybox with -f: the kernel runs
#    them for `xl shutdown`/`xl reboot` (orderly_poweroff), and the guest's
#    PID 1 is a shell script that would ignore busybox's signal;
#  - xen-blkfront and xen-netfront (modules in the cloud kernel), appended to
#    the module list the guest's /init loads.
GUEST_KVER=$(sed -n 's/^kernel-release: //p' "$GUEST_DIR/manifest.txt")
GUEST_KDEB=$(sed -n 's/^deb: \(linux-image-.*\.deb\)$/\1/p' "$GUEST_DIR/manifest.txt" | head -n1)
[[ -n $GUEST_KVER && -f $GUEST_DIR/debs/$GUEST_KDEB ]] || die "test guest manifest has no kernel .deb"
OVL=$TMP_DIR/guest-overlay
mkdir -p "$OVL/sbin" "$OVL/etc" "$OVL/lib/modules/$GUEST_KVER"
for cmd in poweroff reboot halt; do
  printf '#!/bin/sh\necho "polyvisor: %s" >/dev/console\nsync\nexec /bin/busybox %s -f\n' "$cmd" "$cmd" >"$OVL/sbin/$cmd"
  chmod 0755 "$OVL/sbin/$cmd"
done
dpkg-deb --fsys-tarfile "$GUEST_DIR/debs/$GUEST_KDEB" |
  tar -x -C "$TMP_DIR" --wildcards "./lib/modules/$GUEST_KVER/kernel/drivers/block/xen-blkfront.ko*" \
    "./lib/modules/$GUEST_KVER/kernel/drivers/net/xen-netfront.ko*"
for m in block/xen-blkfront net/xen-netfront; do
  src=$(compgen -G "$TMP_DIR/lib/modules/$GUEST_KVER/kernel/drivers/$m.ko*" | head -n1)
  case $src in
    *.xz) xz -dc "$src" ;;
    *.zst) zstd -dcq "$src" ;;
    *) cat "$src" ;;
  esac >"$OVL/lib/modules/$GUEST_KVER/${m#*/}.ko"
done
# The guest's module list, in load order, is in the test guest's manifest.
for m in $(sed -n 's/^modules: //p' "$GUEST_DIR/manifest.txt") xen-blkfront xen-netfront; do
  printf '/lib/modules/%s/%s.ko\n' "$GUEST_KVER" "$m"
done >"$OVL/etc/modules.order"
mkdir -p "$ROOTFS$GUEST_IN_DOM0"
install -m 0644 "$GUEST_DIR/vmlinuz" "$ROOTFS$GUEST_IN_DOM0/vmlinuz"
# One gzip stream (libxc gunzips a PV ramdisk itself and sizes the output from
# the last member's trailer: concatenated gzip members make it fail).
{ gzip -dc "$GUEST_DIR/initrd.img"
  (cd "$OVL" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0); } |
  gzip -6n >"$ROOTFS$GUEST_IN_DOM0/initrd.img"
printf 'kernel-release: %s\nsource: %s\n' "$GUEST_KVER" "$GUEST_DIR" >"$ROOTFS$GUEST_IN_DOM0/README"

# ---------------------------------------------------------------- image
T=$(date +%s.%N)
USED_MB=$(du -sm --apparent-size "$ROOTFS" | cut -f1)
SIZE_MB=$(( USED_MB + USED_MB / 4 + 1024 ))   # room for guest disks and logs
rm -f "$TMP_IMG"
truncate -s "${SIZE_MB}M" "$TMP_IMG"
mke2fs -q -F -t ext4 -L xen-dom0 -E root_owner=0:0 -d "$ROOTFS" "$TMP_IMG" >&2 ||
  die "mke2fs -d failed"
log "image ${SIZE_MB} MiB (${USED_MB} MiB of files) packed in $(elapsed "$T") s"

zcat "$XEN_GZ" >"$OUT_DIR/xen.elf.tmp" && mv -f "$OUT_DIR/xen.elf.tmp" "$OUT_DIR/xen.elf"
cp "$DOM0_VMLINUZ" "$OUT_DIR/vmlinuz.tmp" && mv -f "$OUT_DIR/vmlinuz.tmp" "$OUT_DIR/vmlinuz"
cp "$DOM0_INITRD" "$OUT_DIR/initrd.img.tmp" && mv -f "$OUT_DIR/initrd.img.tmp" "$OUT_DIR/initrd.img"

pkgver() { chroot "$ROOTFS" dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo '?'; }
{
  echo "# polyvisor Xen test host, built $(date -u +%Y-%m-%dT%H:%M:%SZ) by scripts/xen-host/build.sh"
  echo "suite: $SUITE ($MIRROR), variant minbase"
  echo "xen: $(basename "$XEN_GZ") (xen-hypervisor-4.17-amd64 $(pkgver xen-hypervisor-4.17-amd64))"
  echo "xen-utils: $(pkgver xen-utils-4.17)"
  echo "dom0-kernel-release: $DOM0_KVER"
  echo "guest-kernel-release: $GUEST_KVER"
  echo "guest-in-dom0: $GUEST_IN_DOM0/vmlinuz $GUEST_IN_DOM0/initrd.img"
  echo "image-size-mib: $SIZE_MB"
  echo "image-used-mib: $USED_MB"
} >"$OUT_DIR/manifest.txt"
mv -f "$TMP_IMG" "$OUT_DIR/rootfs.img"   # last: its mtime marks the build

log "built in $(elapsed "$START_TS") s"
print_result
