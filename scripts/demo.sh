#!/usr/bin/env bash
# The main job: installs and builds if needed, brings up Redis and MongoDB, then ingests.
#   scripts/demo.sh                 ingest the bundled offline demo site and print what was stored
#   scripts/demo.sh URL...          ingest these URLs
#   scripts/demo.sh --source akorda ingest a configured source
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build >/dev/null
bash scripts/services.sh up >&2
exec node dist/cli/main.js run "$@"
