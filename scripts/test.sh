#!/usr/bin/env bash
# The whole test suite, bringing up what it needs first: dependencies, build, Redis and MongoDB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build >/dev/null
bash scripts/services.sh up
npm run typecheck
npx vitest run "$@"
