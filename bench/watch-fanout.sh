#!/usr/bin/env bash
# Benchmark of the watch fan-out (not a test): starts a control plane in its own JVM on a fresh
# data directory, then runs the load driver (WatchFanoutBench, in the control plane's test sources)
# against it, in one JVM: WATCHERS (2000) simulated proxies, each a streamed watch of its own task's
# proxy configuration in one namespace, on one Netty event loop; ROUNDS (10) endpoint changes, each
# timed from its call to the last watcher's line; the control plane's CPU time per change, RSS and
# heap; then TASKS (10000) tasks created and placed, REPORTS (1000) of them reported RUNNING (so
# registered in Cloud Map; at most for a minute), and the control plane's RSS and heap again. The
# control plane's JVM runs on its own options file, as every launcher of it does
# (CONTROL_PLANE_JVM_OPTIONS_FILE, default the model's control-plane-jvm.options; empty: the JVM's
# defaults), then CONTROL_PLANE_JAVA_OPTS (later options win); JFR=FILE records a flight recording.
set -euo pipefail
cd "$(dirname "$0")/.."
watchers="${WATCHERS:-2000}"
rounds="${ROUNDS:-10}"
tasks="${TASKS:-10000}"
reports="${REPORTS:-1000}"

source bench/control-plane-classpath.sh

data="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

options_file="${CONTROL_PLANE_JVM_OPTIONS_FILE-provider-runtime/model/src/main/resources/dev/svcconnect/model/jvm/control-plane-jvm.options}"
options=()
if [ -n "$options_file" ]; then options+=("@$options_file"); fi
options+=(${CONTROL_PLANE_JAVA_OPTS:-})
if [ -n "${JFR:-}" ]; then options+=("-XX:StartFlightRecording=filename=$JFR,settings=profile"); fi
java "${options[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  dev.svcconnect.controlplane.server.ControlPlaneProcess "$data/cp" >"$data/cp.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  grep -q '^listening ' "$data/cp.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/cp.log" >&2; exit 1; }
  sleep 0.1
done
port="$(sed -n 's/^listening //p' "$data/cp.log")"
[ -n "$port" ] || { echo "bench: the control plane did not start" >&2; cat "$data/cp.log" >&2; exit 1; }
echo "bench: control plane pid $pid on port $port, JVM options: ${options[*]:-none}; $(nproc) cores" >&2
timeout 1800 java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  dev.svcconnect.controlplane.bench.WatchFanoutBench "http://127.0.0.1:$port" "$data/cp" "$pid" \
  "$watchers" "$rounds" "$tasks" "$reports"
