#!/usr/bin/env bash
# Rebuilds the API baseline of the constructs from a released git tag (docs/releasing.md):
#   constructs/api-baseline/refresh.sh v0.2.0
# builds the constructs jar of that tag in a temporary copy (git archive) and stores its classes (not the
# embedded provider jar) as constructs/api-baseline/LINE/constructs.jar, LINE being the tag's API
# line: MAJOR, or 0.MINOR before 1.0.0. The build's japicmp check compares against it.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 GIT_REF   (a release tag such as v0.2.0, or a commit)" >&2
  exit 2
fi
ref="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
commit="$(git -C "$root" rev-parse --verify "$ref^{commit}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir "$work/src"
git -C "$root" archive "$commit" | tar -x -C "$work/src"
cp -r "$root/.mvn/." "$work/src/.mvn/"   # the wrapper and any local repository setting
version="$(sed -n 's:.*<revision>\(.*\)</revision>.*:\1:p' "$work/src/pom.xml" | head -n 1)"
if [ -z "$version" ]; then   # before ${revision}: the parent's own <version>
  version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$work/src/pom.xml")"
fi
case "$version" in
  0.*) line="$(echo "$version" | cut -d. -f1-2)" ;;
  *) line="$(echo "$version" | cut -d. -f1)" ;;
esac

echo "refresh: building the constructs of $ref ($commit, version $version, API line $line)" >&2
(cd "$work/src" && ./mvnw -B -q -pl constructs -am package -Dmaven.test.skip=true -Dspotless.check.skip=true \
  -Djapicmp.skip=true >"$work/build.log" 2>&1) || { tail -n 40 "$work/build.log" >&2; exit 1; }

mkdir -p "$work/classes" "$root/constructs/api-baseline/$line"
(cd "$work/classes" && unzip -q "$work/src/constructs/target/constructs-$version.jar" 'dev/*.class')
rm -f "$root/constructs/api-baseline/$line/constructs.jar"
(cd "$work/classes" && find . -name '*.class' | LC_ALL=C sort | TZ=UTC zip -q -X -D \
  "$root/constructs/api-baseline/$line/constructs.jar" -@)
printf 'version=%s\ncommit=%s\n' "$version" "$commit" >"$root/constructs/api-baseline/$line/baseline.properties"
echo "refresh: wrote constructs/api-baseline/$line/constructs.jar" >&2
