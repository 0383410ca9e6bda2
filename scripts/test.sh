#!/usr/bin/env bash
# Every test: install, build, typecheck, unit/integration tests (real QEMU guests,
# network namespaces), the real-Xen suite, then the conformance suites against
# ../shared/peer-data (skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
pnpm typecheck
pnpm test
# Xen cannot run on this host directly: this boots Xen 4.17 under QEMU (TCG) and drives it over SSH.
pnpm test:xen
pnpm conformance
