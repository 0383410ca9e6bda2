#!/usr/bin/env bash
# The main job: install, build, then run the CLI and the demo against
# $POLYVISOR_DEFAULT_URI (default test:///default, the embedded in-memory
# driver). Where QEMU is installed, also boot a real guest through the KVM
# driver (TCG when KVM is not usable).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >/dev/null
URI="${POLYVISOR_DEFAULT_URI:-test:///default}"
echo "== polyvisor -c $URI list --all"
pnpm --silent polyvisor -c "$URI" list --all
echo "== polyvisor -c $URI nodeinfo"
pnpm --silent polyvisor -c "$URI" nodeinfo
echo "== demo ($URI)"
pnpm --silent demo "$URI"
if command -v qemu-system-x86_64 >/dev/null 2>&1; then
  echo "== real QEMU guest (qemu:///embed)"
  bash scripts/test-guest/build.sh >/dev/null
  pnpm --silent tsx examples/kvm-guest.ts
else
  echo "== qemu-system-x86_64 not installed: skipping the real-guest demo (apt-get install qemu-system-x86)"
fi
