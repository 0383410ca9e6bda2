#!/usr/bin/env bash
# Builds the tiny polyvisor test guest (kernel + busybox/qemu-ga initramfs)
# from Debian packages, without installing any of them.
#
#   scripts/test-guest/build.sh [--force]
#
# Output (default cache ${POLYVISOR_CACHE_DIR:-<repo>/.cache}):
#   <cache>/test-guest/vmlinuz       Debian linux-image-*-cloud-amd64 kernel
#   <cache>/test-guest/initrd.img    gzip'd newc cpio: busybox, qemu-ga, modules
#   <cache>/test-guest/manifest.txt  package versions that went in
# Downloaded .debs are kept in <cache>/test-guest/debs and reused.
# See README.md next to this script for the guest's kernel arguments.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE_ROOT=${POLYVISOR_CACHE_DIR:-$REPO_ROOT/.cache}
OUT_DIR=$CACHE_ROOT/test-guest
DEB_DIR=$OUT_DIR/debs
WORK_DIR=$OUT_DIR/work
PKG_ROOT=$WORK_DIR/pkgs       # one dpkg-deb -x tree per .deb
TOOLS_DIR=$WORK_DIR/tools     # tools unpacked from .debs when not root
ARCH_TRIPLET=x86_64-linux-gnu

FORCE=0
for arg in "$@"; do
  case $arg in
    -f|--force) FORCE=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf 'test-guest: %s\n' "$*" >&2; }
die() { printf 'test-guest: error: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-q)
# As root, apt drops to the _apt user for downloads, which cannot write into
# a root-owned cache dir; download as root instead of printing a warning.
[[ $IS_ROOT -eq 1 ]] && APT_OPTS+=(-o APT::Sandbox::User=root)

OUTPUTS=("$OUT_DIR/vmlinuz" "$OUT_DIR/initrd.img" "$OUT_DIR/manifest.txt")

print_result() {
  echo "kernel:   $OUT_DIR/vmlinuz"
  echo "initrd:   $OUT_DIR/initrd.img"
  echo "manifest: $OUT_DIR/manifest.txt"
}

# ---------------------------------------------------------------- up to date?
up_to_date() {
  local f deb
  for f in "${OUTPUTS[@]}"; do [[ -s $f ]] || return 1; done
  # Script files (build.sh, init, module list, ...) must be older than the image.
  for f in "$SCRIPT_DIR"/*; do
    [[ $f == *.md ]] && continue
    [[ -f $f && $f -nt "$OUT_DIR/initrd.img" ]] && return 1
  done
  # So must every .deb that went into it (listed in the manifest).
  while read -r deb; do
    [[ -f $DEB_DIR/$deb && ! $DEB_DIR/$deb -nt "$OUT_DIR/initrd.img" ]] || return 1
  done < <(sed -n 's/^deb: //p' "$OUT_DIR/manifest.txt")
  return 0
}

# One build at a time per cache (parallel test workers may all call this).
mkdir -p "$OUT_DIR"
exec 9>"$OUT_DIR/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [[ $FORCE -eq 0 ]] && up_to_date; then
  log "up to date (use --force to rebuild)"
  print_result
  exit 0
fi

START_TS=$(date +%s.%N)
mkdir -p "$DEB_DIR" "$PKG_ROOT" "$TOOLS_DIR"
TMP_INITRD=$OUT_DIR/initrd.img.tmp.$$
APT_UPDATED_MARK=$WORK_DIR/.apt-updated.$$
trap 'rm -f "$TMP_INITRD" "$OUT_DIR/manifest.txt.tmp.$$" "$OUT_DIR/vmlinuz.tmp.$$" "$APT_UPDATED_MARK"' EXIT

# ---------------------------------------------------------------- apt helpers
# A marker file ($APT_UPDATED_MARK), not a variable: also called from $(...).
apt_update_once() {
  [[ $IS_ROOT -eq 1 && ! -e $APT_UPDATED_MARK ]] || return 1
  log "running apt-get update"
  touch "$APT_UPDATED_MARK"
  apt-get "${APT_OPTS[@]}" update >&2
}

# Candidate versions, asked for in one batch (each apt-cache run costs ~0.4 s).
declare -A CANDIDATE=()
prefetch_candidates() {
  local pkg ver
  while read -r pkg ver; do
    CANDIDATE[$pkg]=$ver
  done < <(apt-cache policy "$@" 2>/dev/null | awk '
    /^[^ ].*:$/ { sub(/:$/, ""); sub(/:amd64$/, ""); pkg = $0 }
    /^  Candidate:/ { if ($2 != "(none)") print pkg, $2 }')
}
# Candidate version of a package, empty when apt does not know it.
candidate_version() {
  if [[ -n ${CANDIDATE[$1]:-} ]]; then printf '%s\n' "${CANDIDATE[$1]}"; return; fi
  apt-cache policy "$1" 2>/dev/null | awk '/^  Candidate:/ { if ($2 != "(none)") print $2; exit }'
}

# deb_path PKG: prints the cached .deb for PKG (downloading it when needed).
# The candidate version is preferred; without apt lists any cached one is used.
deb_path() {
  local pkg=$1 ver file
  ver=$(candidate_version "$pkg")
  if [[ -z $ver ]] && apt_update_once; then ver=$(candidate_version "$pkg"); fi
  if [[ -n $ver ]]; then
    # apt-get download encodes the epoch colon as %3a.
    file=$(compgen -G "$DEB_DIR/${pkg}_${ver//:/%3a}_*.deb" | head -n1 || true)
  else
    file=$(find "$DEB_DIR" -maxdepth 1 -name "${pkg}_*.deb" -printf '%T@ %p\n' | sort -rn | head -n1 | cut -d' ' -f2- || true)
    [[ -n $file ]] || die "apt knows no package '$pkg' (no apt lists? run apt-get update)"
  fi
  if [[ -z $file ]]; then
    log "downloading $pkg $ver"
    if ! (cd "$DEB_DIR" && apt-get "${APT_OPTS[@]}" download "$pkg=$ver" >&2); then
      apt_update_once || die "apt-get download $pkg failed"
      ver=$(candidate_version "$pkg")
      (cd "$DEB_DIR" && apt-get "${APT_OPTS[@]}" download "$pkg=$ver" >&2) ||
        die "apt-get download $pkg failed"
    fi
    file=$(compgen -G "$DEB_DIR/${pkg}_${ver//:/%3a}_*.deb" | head -n1 || true)
    [[ -n $file ]] || die "apt-get download $pkg did not leave a .deb in $DEB_DIR"
  fi
  printf '%s\n' "$file"
}

# unpack PKG: unpacks the package's .deb once, prints the tree's path.
declare -A PKG_TREE=() PKG_DEB=()
unpack() {
  local pkg=$1 deb dir
  if [[ -z ${PKG_TREE[$pkg]:-} ]]; then
    deb=$(deb_path "$pkg")
    dir=$PKG_ROOT/$(basename "$deb" .deb)
    if [[ ! -f $dir/.unpacked || $deb -nt $dir/.unpacked ]]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      dpkg-deb -x "$deb" "$dir"
      touch "$dir/.unpacked"
    fi
    PKG_TREE[$pkg]=$dir
    PKG_DEB[$pkg]=$deb
  fi
}

# need_tool CMD PKG: make CMD available. Uses the host's; as root installs PKG;
# otherwise unpacks PKG (and its library dependencies) under $TOOLS_DIR.
need_tool() {
  local cmd=$1 pkg=$2 dep deb
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [[ $IS_ROOT -eq 1 ]]; then
    log "installing $pkg (for $cmd)"
    apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "$pkg" >&2 ||
      { apt_update_once && apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "$pkg" >&2; } ||
      die "cannot install $pkg"
  else
    log "unpacking $pkg into $TOOLS_DIR (for $cmd)"
    deb=$(deb_path "$pkg")
    dpkg-deb -x "$deb" "$TOOLS_DIR"
    # Library dependencies that the host may lack (e.g. libctf for readelf).
    for dep in $(deb_depends "$deb"); do
      [[ $dep == lib* ]] || continue
      dpkg -s "$dep" >/dev/null 2>&1 && continue
      dpkg-deb -x "$(deb_path "$dep")" "$TOOLS_DIR"
    done
    export PATH="$TOOLS_DIR/usr/bin:$TOOLS_DIR/bin:$TOOLS_DIR/usr/sbin:$PATH"
    export LD_LIBRARY_PATH="$TOOLS_DIR/usr/lib/$ARCH_TRIPLET:$TOOLS_DIR/lib/$ARCH_TRIPLET${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  command -v "$cmd" >/dev/null 2>&1 || die "$cmd still not available after providing $pkg"
}

# deb_depends DEB: plain (non-alternative) Depends/Pre-Depends package names.
deb_depends() {
  dpkg-deb -f "$1" Pre-Depends Depends | sed 's/^[A-Za-z-]*: //' | tr ',' '\n' |
    grep -v '|' | sed -e 's/(.*)//' -e 's/:any//' -e 's/[[:space:]]//g' | grep -v '^$' || true
}

for t in dpkg-deb apt-get apt-cache gzip find; do
  command -v "$t" >/dev/null 2>&1 || die "$t is required"
done
need_tool cpio cpio
# readelf: binutils as root; otherwise the arch package that holds the binary.
if ! command -v readelf >/dev/null 2>&1; then
  if command -v x86_64-linux-gnu-readelf >/dev/null 2>&1 || [[ $IS_ROOT -eq 0 ]]; then
    need_tool x86_64-linux-gnu-readelf binutils-x86-64-linux-gnu
    readelf() { x86_64-linux-gnu-readelf "$@"; }
  else
    need_tool readelf binutils
  fi
fi
need_tool xz xz-utils

# ---------------------------------------------------------------- packages
META=linux-image-cloud-amd64
KPKG=$(apt-cache depends "$META" 2>/dev/null | sed -n 's/^  Depends: \(linux-image-.*-cloud-amd64\)$/\1/p' | head -n1 || true)
if [[ -z $KPKG ]] && apt_update_once; then
  KPKG=$(apt-cache depends "$META" 2>/dev/null | sed -n 's/^  Depends: \(linux-image-.*-cloud-amd64\)$/\1/p' | head -n1 || true)
fi
if [[ -z $KPKG ]]; then
  # No apt lists: fall back to the newest cached kernel .deb.
  KPKG=$(find "$DEB_DIR" -maxdepth 1 -name 'linux-image-*-cloud-amd64_*.deb' -printf '%T@ %f\n' | sort -rn | head -n1 | cut -d' ' -f2 | cut -d_ -f1 || true)
  [[ -n $KPKG ]] || die "cannot resolve $META (no apt lists and nothing cached)"
fi
log "kernel package: $KPKG"

# The packages this build normally ends up with (others are asked for singly).
prefetch_candidates "$KPKG" busybox-static qemu-guest-agent libc6 libgcc-s1 libglib2.0-0 \
  libpcre2-8-0 libffi8 libmount1 libblkid1 libselinux1 zlib1g libnuma1 libudev1 liburing2
unpack "$KPKG"
unpack busybox-static
unpack qemu-guest-agent

KTREE=${PKG_TREE[$KPKG]}
VMLINUZ=$(compgen -G "$KTREE/boot/vmlinuz-*" | head -n1 || true)
[[ -n $VMLINUZ ]] || die "no /boot/vmlinuz-* in $KPKG"
KVER=${VMLINUZ##*/vmlinuz-}
MODDIR=$KTREE/lib/modules/$KVER
[[ -d $MODDIR ]] || MODDIR=$KTREE/usr/lib/modules/$KVER
[[ -d $MODDIR ]] || die "no modules directory for $KVER"

# ---------------------------------------------------------------- staging root
STAGE=$WORK_DIR/root
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,lib/$ARCH_TRIPLET,lib64,etc/acpi/PWRF,etc/udhcpc}
mkdir -p "$STAGE"/{dev,proc,sys,run,tmp,root,var/log,lib/modules/"$KVER"}
ln -s ../run "$STAGE/var/run"
chmod 1777 "$STAGE/tmp"

install -m 0755 "${PKG_TREE[busybox-static]}/bin/busybox" "$STAGE/bin/busybox"
ln -s busybox "$STAGE/bin/sh"
install -m 0755 "$SCRIPT_DIR/init" "$STAGE/init"
install -m 0755 "$SCRIPT_DIR/udhcpc.script" "$STAGE/etc/udhcpc/default.script"
install -m 0755 "$SCRIPT_DIR/shutdown" "$STAGE/sbin/shutdown"   # for qemu-ga guest-shutdown
# busybox acpid runs /etc/acpi/<ACTION>/<PARAM> for an event; the power button
# (KEY_POWER on the ACPI button's evdev) is mapped to PWRF/00000080.
printf '#!/bin/sh\necho "polyvisor: power button, powering off" >/dev/console\nsync\nexec /bin/busybox poweroff -f\n' \
  >"$STAGE/etc/acpi/PWRF/00000080"
chmod 0755 "$STAGE/etc/acpi/PWRF/00000080"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$STAGE/etc/passwd"
printf 'root:x:0:\n' >"$STAGE/etc/group"
printf 'polyvisor-guest\n' >"$STAGE/etc/hostname"
cat >"$STAGE/etc/os-release" <<EOF
NAME="polyvisor test guest"
ID=polyvisor-test-guest
ID_LIKE=debian
PRETTY_NAME="polyvisor test guest (Debian 12 kernel $KVER)"
VERSION_ID=1
EOF

# ---------------------------------------------------------------- qemu-ga + libs
# Shared libraries are found from the ELF NEEDED entries (readelf -d): a library
# needed by a file of package P is looked up in P itself, in packages already
# unpacked, then in P's Depends (dpkg-shlibdeps puts it there).
QGA_SRC=${PKG_TREE[qemu-guest-agent]}/usr/sbin/qemu-ga
[[ -x $QGA_SRC ]] || QGA_SRC=${PKG_TREE[qemu-guest-agent]}/usr/bin/qemu-ga
[[ -x $QGA_SRC ]] || die "qemu-ga not found in qemu-guest-agent"
install -m 0755 "$QGA_SRC" "$STAGE/usr/bin/qemu-ga"

# Follow a symlink inside an unpacked tree (absolute targets are re-rooted).
resolve_in_tree() {
  local root=$1 path=$2 target n=0
  while [[ -L $path && $n -lt 20 ]]; do
    target=$(readlink "$path")
    if [[ $target == /* ]]; then path=$root$target; else path=$(dirname "$path")/$target; fi
    n=$((n + 1))
  done
  [[ -f $path ]] && printf '%s\n' "$path"
}

find_soname_in() {
  local root=$1 soname=$2 d
  for d in lib/$ARCH_TRIPLET usr/lib/$ARCH_TRIPLET lib64 lib usr/lib; do
    if [[ -e $root/$d/$soname || -L $root/$d/$soname ]]; then
      resolve_in_tree "$root" "$root/$d/$soname" && return 0
    fi
  done
  return 1
}

needed_of() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

declare -A LIB_DONE=() LIB_PKGS=()
# queue entries: "<file>\t<package>"
QUEUE=("$QGA_SRC"$'\t'qemu-guest-agent)
EXTRA_SONAMES=(libgcc_s.so.1)  # dlopen()ed by glibc for pthread_cancel/backtrace
while [[ ${#QUEUE[@]} -gt 0 ]]; do
  entry=${QUEUE[0]}; QUEUE=("${QUEUE[@]:1}")
  elf=${entry%%$'\t'*}; owner=${entry#*$'\t'}
  sonames=$(needed_of "$elf")
  [[ $owner == libc6 ]] && sonames+=$'\n'"${EXTRA_SONAMES[*]}"
  for so in $sonames; do
    [[ -n ${LIB_DONE[$so]:-} ]] && continue
    found="" from=""
    for p in "$owner" "${!PKG_TREE[@]}"; do
      if found=$(find_soname_in "${PKG_TREE[$p]}" "$so"); then from=$p; break; fi
    done
    if [[ -z $from ]]; then
      # Try the likeliest package first (libfoo-2.0.so.0 -> libfoo2.0-0), so
      # that unneeded dependencies are not downloaded at all.
      key=${so%%.so*}; key=${key//[-_]/}
      for p in $(deb_depends "${PKG_DEB[$owner]}" | awk -v k="$key" '
          { n = $0; gsub(/[-_]/, "", n); if (index(n, k) == 1) print; else rest = rest $0 "\n" }
          END { printf "%s", rest }'); do
        [[ -n ${PKG_TREE[$p]:-} ]] && continue
        [[ $p == lib* || $p == zlib* ]] || continue
        unpack "$p"
        if found=$(find_soname_in "${PKG_TREE[$p]}" "$so"); then from=$p; break; fi
      done
    fi
    [[ -n $from ]] || die "cannot find $so (needed by $elf from $owner)"
    install -m 0755 "$found" "$STAGE/lib/$ARCH_TRIPLET/$so"
    LIB_DONE[$so]=1
    LIB_PKGS[$from]=1
    QUEUE+=("$found"$'\t'"$from")
  done
done
# The program interpreter, at the path the binaries ask for.
INTERP=$(readelf -l "$QGA_SRC" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
if [[ -n $INTERP && ! -e $STAGE$INTERP ]]; then
  [[ -f $STAGE/lib/$ARCH_TRIPLET/${INTERP##*/} ]] || die "interpreter $INTERP was not collected"
  mkdir -p "$STAGE$(dirname "$INTERP")"
  ln -s "/lib/$ARCH_TRIPLET/${INTERP##*/}" "$STAGE$INTERP"
fi

# ---------------------------------------------------------------- modules
# The .deb carries no modules.dep (depmod runs at install time), so module
# dependencies come from each module's own .modinfo "depends=" field.
declare -A MOD_FILE=() MOD_ADDED=()
while IFS= read -r f; do
  b=${f##*/}; b=${b%.xz}; b=${b%.zst}; b=${b%.gz}; b=${b%.ko}
  MOD_FILE[${b//-/_}]=$f
done < <(find "$MODDIR" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')
is_builtin() { grep -qE "/${1//_/[-_]}\.ko\$" "$MODDIR/modules.builtin" 2>/dev/null; }

MOD_ORDER=()
MOD_STAGE=$STAGE/lib/modules/$KVER
add_module() {
  local name=${1//-/_} src dst dep
  [[ -n ${MOD_ADDED[$name]:-} ]] && return 0
  MOD_ADDED[$name]=1
  src=${MOD_FILE[$name]:-}
  if [[ -z $src ]]; then
    is_builtin "$name" && { log "module $name is built in"; return 0; }
    die "kernel module $name not found in $KPKG"
  fi
  dst=$MOD_STAGE/$name.ko
  case $src in
    *.ko) cp "$src" "$dst" ;;
    *.xz) xz -dc "$src" >"$dst" ;;       # busybox insmod loads plain .ko only
    *.zst) need_tool zstd zstd; zstd -dcq "$src" >"$dst" ;;
    *.gz) gzip -dc "$src" >"$dst" ;;
  esac
  for dep in $(tr '\0' '\n' <"$dst" | sed -n '/^depends=/{s///;s/,/ /g;p;q}'); do
    add_module "$dep"
  done
  MOD_ORDER+=("$name")
}
while read -r m _; do
  [[ -z $m || $m == \#* ]] && continue
  add_module "$m"
done <"$SCRIPT_DIR/modules.txt"
for m in "${MOD_ORDER[@]}"; do echo "/lib/modules/$KVER/$m.ko"; done >"$STAGE/etc/modules.order"
log "modules (load order): ${MOD_ORDER[*]}"

# ---------------------------------------------------------------- initramfs
# newc header for one entry (used for /dev/console, which needs mknod/root).
cpio_entry() { # name mode devmajor devminor
  local name=$1 mode=$2 maj=$3 min=$4 namesize hdr pad
  namesize=$(( ${#name} + 1 ))
  hdr=$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    0 "$mode" 0 0 1 0 0 0 0 "$maj" "$min" "$namesize" 0)
  printf '%s%s\0' "$hdr" "$name"
  pad=$(( (4 - (110 + namesize) % 4) % 4 ))
  head -c "$pad" /dev/zero
}
cpio_trailer() { cpio_entry 'TRAILER!!!' 0 0 0; }

{
  # Kernel unpacks concatenated archives: first one with just /dev/console
  # (so PID 1 has a console before devtmpfs), then the staged tree, as root.
  cpio_entry dev 040755 0 0
  cpio_entry dev/console 020600 5 1
  cpio_trailer
  (cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0)
} | gzip -6n >"$TMP_INITRD"

# ---------------------------------------------------------------- manifest
mapfile -t MANIFEST_PKGS < <({ printf '%s\n' "$KPKG" busybox-static qemu-guest-agent
  printf '%s\n' "${!LIB_PKGS[@]}" | LC_ALL=C sort; } | awk '!seen[$0]++')
{
  echo "# polyvisor test guest, built $(date -u +%Y-%m-%dT%H:%M:%SZ) by scripts/test-guest/build.sh"
  echo "kernel-release: $KVER"
  echo "modules: ${MOD_ORDER[*]}"
  for p in "${MANIFEST_PKGS[@]}"; do
    printf 'package: %s %s\n' "$p" "$(dpkg-deb -f "${PKG_DEB[$p]}" Version)"
  done
  for p in "${MANIFEST_PKGS[@]}"; do
    printf 'deb: %s\n' "$(basename "${PKG_DEB[$p]}")"
  done
  echo "libs: $(printf '%s\n' "${!LIB_DONE[@]}" | LC_ALL=C sort | tr '\n' ' ')"
} >"$OUT_DIR/manifest.txt.tmp.$$"

cp "$VMLINUZ" "$OUT_DIR/vmlinuz.tmp.$$" && mv -f "$OUT_DIR/vmlinuz.tmp.$$" "$OUT_DIR/vmlinuz"
mv -f "$OUT_DIR/manifest.txt.tmp.$$" "$OUT_DIR/manifest.txt"
mv -f "$TMP_INITRD" "$OUT_DIR/initrd.img"   # last: its mtime marks the build
rm -rf "$STAGE"

END_TS=$(date +%s.%N)
log "built in $(awk -v a="$START_TS" -v b="$END_TS" 'BEGIN { printf "%.1f", b - a }') s;" \
  "vmlinuz $(du -k "$OUT_DIR/vmlinuz" | cut -f1) KiB, initrd.img $(du -k "$OUT_DIR/initrd.img" | cut -f1) KiB"
print_result
