#!/usr/bin/env bash
# Brings up what newsflow needs on a machine without Docker: Redis on 127.0.0.1:6379 and a
# MongoDB-wire-protocol server on 127.0.0.1:27017 (mongod when installed, otherwise FerretDB 1.24.2
# on the local PostgreSQL). Idempotent: services that already answer are configured, not restarted.
#   scripts/services.sh up | down | status | ferretdb-gin [database]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.services"
redis_port="${NEWSFLOW_REDIS_PORT:-6379}"
mongo_port="${NEWSFLOW_MONGO_PORT:-27017}"
pg_url="${NEWSFLOW_FERRETDB_POSTGRESQL_URL:-postgres://postgres@127.0.0.1:5432/ferretdb}"
ferretdb_version="v1.24.2"
ferretdb_bin="$state/bin/ferretdb"

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

redis_ping() { redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG; }

mongo_ping() {
  # A wire-protocol hello without a mongo shell: node and the project's own driver.
  (cd "$root" && node -e '
    const { MongoClient } = require("mongodb");
    const c = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 2000 });
    c.connect().then(() => c.db("admin").command({ ping: 1 })).then(() => c.close()).then(() => process.exit(0), () => process.exit(1));
  ' "mongodb://127.0.0.1:$mongo_port/admin") >/dev/null 2>&1
}

wait_for() { # name, check-function, seconds
  local name=$1 check=$2 seconds=$3
  for _ in $(seq 1 $((seconds * 4))); do
    if $check; then return 0; fi
    sleep 0.25
  done
  return 1
}

ensure_redis_binary() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return
  log "installing redis-server with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null \
    || die "redis-server is not installed and apt-get could not install it"
}

redis_up() {
  ensure_redis_binary
  if port_open "$redis_port"; then
    log "redis already answers on 127.0.0.1:$redis_port; configuring it for BullMQ"
  else
    mkdir -p "$state/redis"
    log "starting redis-server on 127.0.0.1:$redis_port (AOF on, noeviction)"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" \
      --dir "$state/redis" --appendonly yes --appendfsync everysec --save "" \
      --maxmemory-policy noeviction \
      --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log"
  fi
  wait_for redis redis_ping 20 || die "redis on 127.0.0.1:$redis_port does not answer PING (see $state/redis/redis.log)"
  # BullMQ loses jobs if Redis evicts keys, and without AOF a restart loses every queue.
  redis-cli -h 127.0.0.1 -p "$redis_port" config set maxmemory-policy noeviction >/dev/null \
    || die "could not set maxmemory-policy noeviction on redis"
  if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" config get appendonly | tail -n 1)" != "yes" ]; then
    redis-cli -h 127.0.0.1 -p "$redis_port" config set appendonly yes >/dev/null \
      || die "could not turn on AOF (appendonly yes) on redis"
  fi
  log "redis ok: maxmemory-policy=$(redis-cli -p "$redis_port" config get maxmemory-policy | tail -n 1) appendonly=$(redis-cli -p "$redis_port" config get appendonly | tail -n 1)"
}

build_ferretdb() {
  [ -x "$ferretdb_bin" ] && "$ferretdb_bin" --version >/dev/null 2>&1 && return
  command -v go >/dev/null || die "go is needed to build FerretDB (no mongod on PATH)"
  mkdir -p "$state/bin"
  log "building FerretDB $ferretdb_version (go install github.com/FerretDB/FerretDB/cmd/ferretdb@$ferretdb_version)"
  GOBIN="$state/bin" go install "github.com/FerretDB/FerretDB/cmd/ferretdb@$ferretdb_version" \
    || die "go install of FerretDB $ferretdb_version failed"
  if "$ferretdb_bin" --version >/dev/null 2>&1; then return; fi
  # A plain `go install` build has no build/version/version.txt and panics at start-up; FerretDB's
  # docs ask for that file, so build once more from the downloaded module with it in place.
  log "rebuilding FerretDB with build/version/version.txt (required by FerretDB when built outside its repo)"
  local src="$state/ferretdb-src"
  rm -rf "$src"
  cp -r "$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$ferretdb_version" "$src"
  chmod -R u+w "$src"
  echo "$ferretdb_version" > "$src/build/version/version.txt"
  (cd "$src" && go build -o "$ferretdb_bin" ./cmd/ferretdb) || die "building FerretDB from source failed"
  rm -rf "$src"
  "$ferretdb_bin" --version >/dev/null || die "FerretDB was built but does not start"
}

ensure_postgres_database() {
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || {
    log "PostgreSQL does not answer on 127.0.0.1:5432; trying to start it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start 2>/dev/null || true
    sleep 2
    pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || die "PostgreSQL on 127.0.0.1:5432 is needed by FerretDB and does not answer"
  }
  local db="${pg_url##*/}"; db="${db%%\?*}"
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    log "creating PostgreSQL database $db for FerretDB"
    psql -h 127.0.0.1 -U postgres -qc "create database \"$db\"" || die "could not create PostgreSQL database $db"
  fi
  # Before FerretDB starts: the settings reach only connections opened after them (see the file).
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$root/scripts/ferretdb-database.sql" >/dev/null \
    || log "warning: could not apply scripts/ferretdb-database.sql to $db"
}

mongo_up() {
  if port_open "$mongo_port"; then
    log "a MongoDB-protocol server already answers on 127.0.0.1:$mongo_port"
  elif command -v mongod >/dev/null; then
    mkdir -p "$state/mongod"
    log "starting mongod on 127.0.0.1:$mongo_port"
    mongod --bind_ip 127.0.0.1 --port "$mongo_port" --dbpath "$state/mongod" --fork \
      --logpath "$state/mongod/mongod.log" --pidfilepath "$state/mongod/mongod.pid" >/dev/null
  else
    build_ferretdb
    ensure_postgres_database
    mkdir -p "$state/ferretdb"
    log "starting FerretDB $ferretdb_version on 127.0.0.1:$mongo_port (PostgreSQL backend)"
    # Go's default GOGC=100 collects after every doubling of a small heap: FerretDB, converting
    # each document between BSON and JSON, then spends ~15% of its CPU in the collector. 400
    # costs ~20 MB more memory.
    GOGC="${GOGC:-400}" nohup "$ferretdb_bin" --handler=postgresql --postgresql-url="$pg_url" \
      --listen-addr="127.0.0.1:$mongo_port" --state-dir="$state/ferretdb" \
      --debug-addr="127.0.0.1:0" --telemetry=disable --log-level=warn --log-format=json \
      >>"$state/ferretdb/ferretdb.log" 2>&1 &
    echo $! > "$state/ferretdb/ferretdb.pid"
  fi
  wait_for mongo mongo_ping 60 || die "no MongoDB-protocol server answers on 127.0.0.1:$mongo_port (see $state/ferretdb/ferretdb.log)"
  log "mongodb protocol ok on 127.0.0.1:$mongo_port"
}

stop_pidfile() {
  local pidfile=$1 name=$2
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$pidfile"
}

case "${1:-up}" in
  up)
    [ -d "$root/node_modules/mongodb" ] || die "run npm ci first (the ping uses the project's mongodb driver)"
    redis_up
    # The chaos tests start FerretDB instances of their own, so the binary is wanted even when a
    # MongoDB-protocol server already answers on 27017.
    command -v mongod >/dev/null || build_ferretdb
    mongo_up
    ;;
  down)
    # Only what this script started; the machine's own services are left alone.
    stop_pidfile "$state/ferretdb/ferretdb.pid" FerretDB
    stop_pidfile "$state/mongod/mongod.pid" mongod
    [ -f "$state/redis/redis.pid" ] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$state/redis/redis.pid"
    ;;
  status)
    redis_ping && log "redis: up on 127.0.0.1:$redis_port" || log "redis: down"
    mongo_ping && log "mongodb protocol: up on 127.0.0.1:$mongo_port" || log "mongodb protocol: down"
    ;;
  ferretdb-gin)
    # After newsflow created its collections (any worker start does): GIN indexes FerretDB's
    # pushed-down filters can use — see scripts/ferretdb-gin-indexes.sql.
    # Optional argument: one MongoDB database (default: all of them).
    PGOPTIONS="-c client_min_messages=notice${2:+ -c newsflow.gin_database=$2}" \
      psql "$pg_url" -q -v ON_ERROR_STOP=1 -f "$root/scripts/ferretdb-gin-indexes.sql"
    ;;
  *) die "usage: scripts/services.sh up|down|status|ferretdb-gin [database]" ;;
esac
