#!/usr/bin/env bash
# The whole test suite, bringing up what it needs first: dependencies, build, Redis and MongoDB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build >/dev/null
bash scripts/services.sh up
npm run typecheck
if [ "$#" -gt 0 ]; then
  exec npx vitest run "$@"
fi
# The chaos test times its faults against a running crawl and bounds the crawl's duration: it runs
# last, with the machine to itself, instead of competing with every other test file for 2 cores.
CHAOS=tests/integration/chaos.test.ts
status=0
npx vitest run --exclude "$CHAOS" || status=$?
npx vitest run "$CHAOS" || status=$?
exit "$status"
