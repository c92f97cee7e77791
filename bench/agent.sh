#!/usr/bin/env bash
# Benchmark of the host agent (not a test; needs root, ip and curl): a control plane and an agent
# (netns isolation) in one JVM, tasks and proxies as processes. Prints the time from CreateService
# to 10 tasks healthy (with its ratio to starting the same server process by hand in the same run)
# and the p50/p99 time from a task becoming healthy to its endpoint being in a running client's
# proxy, read from the proxy's admin /stats up to 200 times a second inside the client's network
# namespace (with its ratio to the 100 ms target).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "bench: compiling the end-to-end test classes..." >&2
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -pl provider-runtime/e2e-tests -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
module=provider-runtime/e2e-tests
# The test classes as a jar: the agent gives its sidecars a class-data archive (docs/proxy.md,
# "Class-data sharing") only when their class path, the agent's, is jars alone, as in production.
tests_jar="$(mktemp --suffix=.jar)"
trap 'rm -f "$classpath_file" "$tests_jar"' EXIT
rm -f "$tests_jar"
jar --create --file "$tests_jar" -C "$module/target/test-classes" .
classpath="$tests_jar:$(cat "$classpath_file")"
if tr ':' '\n' <<<"$classpath" | grep -qv '\.jar$'; then
  echo "bench: the class path has directories: the sidecars start without a class-data archive" >&2
fi
echo "bench: $(nproc) cores" >&2
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" dev.svcconnect.e2e.AgentBench
