# Sourced by the control plane's benches (from the repository's root): compiles the control plane
# and its test classes in one reactor run and sets `classpath` to its classes, its test classes and
# its dependencies (the model as its target/classes directory).
echo "bench: compiling the control plane and its test classes..." >&2
classpath_file="$(mktemp)"
./mvnw -B -q -pl provider-runtime/control-plane -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
module=provider-runtime/control-plane
classpath="$module/target/classes:$module/target/test-classes:$(cat "$classpath_file")"
rm -f "$classpath_file"
