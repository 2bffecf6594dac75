#!/usr/bin/env bash
# Builds .gpu/: everything needed to run cvj's tests and benchmarks on a GPU machine that has no JDK
# (and no network). Run it HERE, on a machine with JDK 25 and Maven access, from anywhere in the repo:
#
#   bash scripts/gpu-bundle.sh            # package jars + build jre (jre only if missing or the JDK changed)
#   CVJ_BUNDLE_SKIP_BUILD=1 bash scripts/gpu-bundle.sh   # reuse the jars already in */target
#
# Layout of .gpu/ (gitignored; travels to the GPU machine next to the working tree):
#   jre.tar.xz                      jlinked Java runtime (java.base, java.desktop, jdk.zipfs (JUnit scans
#                                   jars through it), java.sql, java.security.jgss and jdk.security.auth
#                                   (Spark and Hadoop: cvj-spark's benchmark), ...), ~21 MB
#   jre.stamp                       which JDK/modules jre.tar.xz was made from (gpu-test.sh compares it)
#   junit-platform-console-standalone-<v>.jar   the JUnit console launcher (Jupiter engine inside)
#   lib/                            module jars, *-tests.jar, runtime+test dependency jars
#                                   (JUnit's own jars are left out: the standalone launcher has them)
#   MANIFEST.txt                    what is in the bundle, with sizes
#
# Environment:
#   JAVA_HOME                 JDK 25 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   CVJ_BUNDLE_SKIP_BUILD=1   do not run Maven package (jars must exist in */target)
#   CVJ_SKIP_KERNELS=1        build with -Dcvj.skipKernels=true (the bundle then has no cvj.fatbin!)
#   CVJ_JRE_STRIP=0           keep native symbols in libjvm.so (bigger, nicer hs_err files)
#   CVJ_JRE_FORCE=1           rebuild jre.tar.xz even if the stamp matches
#   CVJ_BUNDLE_MAX_MIB        size limit for .gpu/ (default 60)
set -euo pipefail

export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
gpu=$root/.gpu
lib=$gpu/lib
max_mib=${CVJ_BUNDLE_MAX_MIB:-60}
junit_console_version=1.14.1
modules_jre=java.base,java.desktop,java.logging,java.management,jdk.unsupported,java.naming,jdk.management,jdk.zipfs,jdk.jfr,java.sql,java.security.jgss,jdk.security.auth,jdk.management.jfr

log() { printf '[gpu-bundle] %s\n' "$*" >&2; }
die() { printf '[gpu-bundle] ERROR: %s\n' "$*" >&2; exit 1; }

[ -x "$JAVA_HOME/bin/java" ] || die "no java at \$JAVA_HOME=$JAVA_HOME"
[ -x "$JAVA_HOME/bin/jlink" ] || die "no jlink at \$JAVA_HOME=$JAVA_HOME (need a full JDK 25)"
jv=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${jv%%.*}" -ge 25 ] 2>/dev/null || die "JAVA_HOME is Java '$jv'; need 25+"

mkdir -p "$gpu"

# Maven: offline first (deps are normally in ~/.m2), online if something is missing.
mvn() {
  if ./mvnw -B -ntp -q -o "$@"; then return 0; fi
  log "offline Maven run failed; retrying online: $*"
  ./mvnw -B -ntp -q "$@"
}

# ---------------------------------------------------------------- 1. jars
rm -rf "$lib"
mkdir -p "$lib"
build_goals=(package)
[ "${CVJ_BUNDLE_SKIP_BUILD:-0}" = 1 ] && build_goals=()
kernel_flag=()
[ "${CVJ_SKIP_KERNELS:-0}" = 1 ] && kernel_flag=(-Dcvj.skipKernels=true)
log "Maven: ${build_goals[*]:-(no build)} + copy-dependencies (scope test) -> .gpu/lib"
# One reactor run: per module, package (jar + test-jar; not install, so ~/.m2 that other worktrees share
# keeps its dev.cvj snapshots) and then copy its dependencies. JUnit's jars and
# our own modules are excluded: the console-standalone jar brings JUnit, our jars are copied from target/.
mvn "${build_goals[@]}" -DskipTests "${kernel_flag[@]}" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=test \
  -DexcludeGroupIds=dev.cvj,org.junit,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
  -DoutputDirectory="$lib" -Dmdep.overWriteReleases=true -Dmdep.overWriteSnapshots=true

# This build's version only: jars a build of another version left in target/ would put classes twice on the path.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
[ -n "$version" ] || die "no <version> in pom.xml"
# Every module of the root POM that builds a jar (cvj-bom is a POM only).
mapfile -t jar_modules < <(sed -n 's|^ *<module>\(.*\)</module>.*|\1|p' pom.xml)
for m in "${jar_modules[@]}"; do
  grep -q '<packaging>pom</packaging>' "$m/pom.xml" && continue
  found=0
  for j in "$m"/target/"$m"-"$version".jar "$m"/target/"$m"-"$version"-tests.jar; do
    [ -f "$j" ] || continue
    found=1
    # cvj-spark's tests need Spark's jars, which are not in .gpu/lib (too big for one upload): the launcher's scan
    # would fail on them. scripts/spark-gpu-classpath.sh puts this jar with the Spark jars, in .spark-part*.
    [ "$j" = cvj-spark/target/cvj-spark-"$version"-tests.jar ] && continue
    cp "$j" "$lib/"
  done
  [ $found = 1 ] || die "no jar in $m/target (build failed, or CVJ_BUNDLE_SKIP_BUILD=1 without a build)"
done
if ! unzip -l cvj-cv/target/cvj-cv-"$version".jar 2>/dev/null | grep -c 'cvj.fatbin' >/dev/null; then
  log "WARNING: cvj-cv jar has no dev/cvj/ops/kernels/cvj.fatbin (built with skipKernels?): kernel tests will fail"
fi

# ---------------------------------------------------------------- 2. JUnit console launcher
console=$gpu/junit-platform-console-standalone-$junit_console_version.jar
if [ ! -f "$console" ]; then
  log "fetching junit-platform-console-standalone $junit_console_version"
  rm -f "$gpu"/junit-platform-console-standalone-*.jar
  mvn org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -N \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_console_version \
    -DoutputDirectory="$gpu"
fi
[ -f "$console" ] || die "could not get $console"

# ---------------------------------------------------------------- 3. jlinked runtime
strip_native=${CVJ_JRE_STRIP:-1}
stamp="jdk=$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release" | tr -d '"') home=$JAVA_HOME modules=$modules_jre strip=$strip_native"
if [ "${CVJ_JRE_FORCE:-0}" != 1 ] && [ -f "$gpu/jre.tar.xz" ] && [ -f "$gpu/jre.stamp" ] \
   && [ "$(cat "$gpu/jre.stamp")" = "$stamp" ]; then
  log "jre.tar.xz is up to date ($stamp)"
else
  log "jlink: $modules_jre"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$JAVA_HOME/bin/jlink" --add-modules "$modules_jre" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-0 --output "$tmp/jre"
  # zip-0 on purpose: xz packs the uncompressed module image far better (~21 MB vs ~35 MB with zip-9).
  if [ "$strip_native" = 1 ] && command -v strip >/dev/null; then
    find "$tmp/jre" -name '*.so' -exec strip --strip-unneeded {} +
  fi
  "$tmp/jre/bin/java" -version >/dev/null 2>&1 || die "the jlinked runtime does not start"
  log "packing jre.tar.xz (xz, a minute or so)"
  tar -C "$tmp/jre" -cf - . | xz -T0 -6 > "$gpu/jre.tar.xz.tmp"
  mv "$gpu/jre.tar.xz.tmp" "$gpu/jre.tar.xz"
  printf '%s\n' "$stamp" > "$gpu/jre.stamp"
  rm -rf "$tmp"
  trap - EXIT
fi

# ---------------------------------------------------------------- 4. manifest and size check
{
  echo "# cvj GPU bundle, made $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')"
  echo "# jre: $(cat "$gpu/jre.stamp")"
  (cd "$gpu" && find . -type f ! -name MANIFEST.txt -printf '%s\t%p\n' | sort -k2)
} > "$gpu/MANIFEST.txt"

bytes=$(du -sb "$gpu" | cut -f1)
mib=$(( (bytes + 1048575) / 1048576 ))
log "jars in .gpu/lib: $(ls "$lib" | wc -l) ($(ls "$lib" | grep -c -- '-tests\.jar$') test jars)"
log "jre.tar.xz: $(du -h "$gpu/jre.tar.xz" | cut -f1)"
echo ".gpu/ total: $bytes bytes (${mib} MiB, limit ${max_mib} MiB)"
[ "$mib" -le "$max_mib" ] || die ".gpu/ is ${mib} MiB, over the ${max_mib} MiB limit"
