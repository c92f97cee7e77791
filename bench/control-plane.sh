#!/usr/bin/env bash
# Benchmark of the control plane (not a test): starts one in its own JVM on a fresh data
# directory, then runs the load driver (ControlPlaneBench, in the module's test sources) against
# it. Prints DiscoverInstances and DescribeServices requests per second (with their ratio to
# GET /health measured in the same run) and the p50/p99 time for a registered instance to reach
# a waiting watcher (with its ratio to the 100 ms target).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "bench: compiling the control plane and its test classes..." >&2
classpath_file="$(mktemp)"
# One reactor run: the last module (the control plane) writes the class path file, in which the
# model is its target/classes directory.
./mvnw -B -q -pl provider-runtime/control-plane -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
module=provider-runtime/control-plane
classpath="$module/target/classes:$module/target/test-classes:$(cat "$classpath_file")"
rm -f "$classpath_file"

data="$(mktemp -d)"
log="$(mktemp)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data" "$log"
}
trap cleanup EXIT

java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  dev.svcconnect.controlplane.server.ControlPlaneProcess "$data" >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening ' "$log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
port="$(sed -n 's/^listening //p' "$log")"
[ -n "$port" ] || { echo "bench: the control plane did not start" >&2; cat "$log" >&2; exit 1; }
echo "bench: control plane on port $port (data $data), $(nproc) cores" >&2

java -cp "$classpath" dev.svcconnect.controlplane.bench.ControlPlaneBench "http://127.0.0.1:$port" "$data"
