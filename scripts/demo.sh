#!/usr/bin/env bash
# The main job: install, build, then run the CLI and the demo against
# $POLYVISOR_DEFAULT_URI (default test:///default, the embedded in-memory driver).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >/dev/null
URI="${POLYVISOR_DEFAULT_URI:-test:///default}"
echo "== polyvisor -c $URI list --all"
pnpm --silent polyvisor -c "$URI" list --all
echo "== polyvisor -c $URI nodeinfo"
pnpm --silent polyvisor -c "$URI" nodeinfo
echo "== demo"
pnpm --silent demo "$URI"
