#!/usr/bin/env bash
# Every test: install, build, typecheck, unit/integration tests, then the
# conformance suites against ../shared/peer-data (skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
pnpm typecheck
pnpm test
pnpm conformance
