#!/usr/bin/env bash
# Benchmark of the control plane (not a test): starts one in its own JVM on a fresh data
# directory, then runs the load driver (ControlPlaneBench, in the module's test sources) against
# it. Prints DiscoverInstances, DescribeServices and RegisterInstance (a write) requests per second
# (with their ratio to GET /health measured in the same run) and the p50/p99 time for a registered instance to reach
# a waiting watcher (with its ratio to the 100 ms target). Then the same on PostgreSQL, in the same
# run, when one answers at 127.0.0.1:5432 (PGPORT to change; trust authentication for postgres):
# two replicas on a fresh database, the load on the first, the watchers on the second (commit ->
# watcher across replicas); the database is dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/control-plane-classpath.sh

data="$(mktemp -d)"
pg_port="${PGPORT:-5432}"
database="svcc_bench_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ -n "${created_database:-}" ]; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -AtXqc "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT

# start NAME [STORE REPLICA_ID]: a control plane in its own JVM; sets started_port.
start() {
  local name="$1"; shift
  local log="$data/$name.log"
  mkdir -p "$data/$name"
  if [ $# -gt 0 ]; then set -- 0 "$@"; fi
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
    dev.svcconnect.controlplane.server.ControlPlaneProcess "$data/$name" "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    grep -q '^listening ' "$log" && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  local port; port="$(sed -n 's/^listening //p' "$log")"
  [ -n "$port" ] || { echo "bench: the control plane $name did not start" >&2; cat "$log" >&2; exit 1; }
  started_port="$port"
}

start sqlite
port="$started_port"
echo "bench: control plane on SQLite, port $port (data $data), $(nproc) cores" >&2
echo "== store: SQLite (one control plane)"
java -cp "$classpath" dev.svcconnect.controlplane.bench.ControlPlaneBench "http://127.0.0.1:$port" "$data/sqlite"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

if ! pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
  echo "bench: no PostgreSQL at 127.0.0.1:$pg_port: the PostgreSQL run is left out" >&2
  exit 0
fi
psql -h 127.0.0.1 -p "$pg_port" -U postgres -AtXqc "CREATE DATABASE $database"
created_database=1
store="jdbc:postgresql://127.0.0.1:$pg_port/$database?user=postgres"
start replica-1 "$store" replica-1
first="$started_port"
# Replicas on one database share the data key that seals the credentials (docs/ha.md).
mkdir -p "$data/replica-2" && mkdir -m 700 "$data/replica-2/keys"
cp -p "$data/replica-1/keys/data.key" "$data/replica-2/keys/data.key"
start replica-2 "$store" replica-2
second="$started_port"
echo "bench: two replicas on PostgreSQL (database $database), ports $first and $second" >&2
echo "== store: PostgreSQL (two replicas; watchers on the second)"
java -cp "$classpath" dev.svcconnect.controlplane.bench.ControlPlaneBench \
  "http://127.0.0.1:$first" "$data/replica-1" "http://127.0.0.1:$second"
