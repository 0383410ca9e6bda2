#!/usr/bin/env bash
# Installs what the workspace needs on a fresh Debian machine with Node.js 20:
# pnpm (pinned), the npm dependencies from the lock file, then builds.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@${PNPM_VERSION}" >/dev/null
fi
pnpm install --frozen-lockfile
pnpm build
