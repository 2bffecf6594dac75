#!/usr/bin/env bash
# The Spark jars a local-mode cvj-spark job loads, trimmed and split for the GPU machine, whose uploads are limited
# to 64 MiB a call: .spark-part1/, .spark-part2/, ... (each < 54 MiB; gitignored), carried in consecutive calls (an
# ignored folder stays on a warm machine), with cvj-spark's test jar (the benchmark main and the Spark GPU test; it is
# left out of .gpu/lib). Run it HERE after scripts/gpu-bundle.sh (it uses .gpu/lib's cvj jars):
#
#   bash scripts/spark-gpu-classpath.sh
#
# How the set is found: all of cvj-spark's dependencies (Spark 4.2.0 with spark-mllib: ~197 jars, ~320 MiB) are
# copied to a scratch folder, the benchmark main (dev.cvj.spark.bench.SparkPreprocessGpuMain, every mode: cvj's
# Dataset function, the CPU backend, the ImageIO baseline, Parquet writes and reads) runs on a few small JPEGs with
# -Xlog:class+load, and the jars any class was loaded from are kept. The kept set is then checked by running the
# same job again with only those jars, on a runtime jlinked with gpu-bundle.sh's module list (the GPU machine has
# no JDK: a JDK module Spark needs and the bundle's runtime lacks fails here, not there).
#
# On the GPU machine (after gpu-test.sh unpacked the runtime to /tmp/cvj-jre):
#   /tmp/cvj-jre/bin/java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
#     -cp '.gpu/lib/*:.spark-part1/*:.spark-part2/*:...' dev.cvj.spark.bench.SparkPreprocessGpuMain --images DIR
#
# Environment: JAVA_HOME (JDK 25), CVJ_SPARK_PART_MIB (default 54: a part plus the working tree, ~3 MiB, stays
# under one call's 64 MiB), CVJ_SPARK_TRY_DROP (the jar name prefixes tried by elimination).
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
part_mib=${CVJ_SPARK_PART_MIB:-54}
log() { printf '[spark-classpath] %s\n' "$*" >&2; }
die() { printf '[spark-classpath] ERROR: %s\n' "$*" >&2; exit 1; }

version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
tests_jar=cvj-spark/target/cvj-spark-$version-tests.jar
[ -f .gpu/lib/cvj-spark-"$version".jar ] && [ -f "$tests_jar" ] || die "no .gpu/lib/cvj-spark-$version.jar or $tests_jar: run scripts/gpu-bundle.sh first"
modules_jre=$(sed -n 's/^modules_jre=//p' scripts/gpu-bundle.sh)
[ -n "$modules_jre" ] || die "no modules_jre= line in scripts/gpu-bundle.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log "copying cvj-spark's dependencies (Spark) to a scratch folder"
./mvnw -B -ntp -q -o -pl cvj-spark dependency:copy-dependencies -Dcvj.spark.skipDependencyCopy=false \
  -DincludeScope=test -DexcludeGroupIds=dev.cvj,org.junit,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
  -DoutputDirectory="$tmp/all" \
  || ./mvnw -B -ntp -q -pl cvj-spark dependency:copy-dependencies -Dcvj.spark.skipDependencyCopy=false \
  -DincludeScope=test -DexcludeGroupIds=dev.cvj,org.junit,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
  -DoutputDirectory="$tmp/all"
log "all: $(ls "$tmp/all" | wc -l) jars, $(du -sm "$tmp/all" | cut -f1) MiB"

cvj_cp=$(ls .gpu/lib/*.jar | grep -v '/\(hadoop\|spark\|scala\)' | tr '\n' ':')$tests_jar:
opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
job=(dev.cvj.spark.bench.SparkPreprocessGpuMain --images "$tmp/images" --out "$tmp/out" --master 'local[2]' --warmup 4
     --runs gpu,cpu,baseline,gpu-binary,overhead)
"$JAVA_HOME/bin/java" -cp "$cvj_cp$tmp/all/*" dev.cvj.spark.bench.SyntheticJpegs "$tmp/images" 12 320 240 >/dev/null

log "running the job with every jar, logging class loads"
"$JAVA_HOME/bin/java" "${opts[@]}" -Xlog:class+load=info:file="$tmp/classes.log" -cp "$cvj_cp$tmp/all/*" "${job[@]}" \
  > "$tmp/run-all.log" 2>&1 || { tail -30 "$tmp/run-all.log"; die "the job failed with every jar"; }
mkdir -p "$tmp/kept"
grep -o 'source: \(jar:\)\?file:[^ !]*\.jar' "$tmp/classes.log" | sed 's/^source: \(jar:\)\?file://' | sort -u \
  | grep "^$tmp/all/" | while read -r j; do cp "$j" "$tmp/kept/"; done
log "kept: $(ls "$tmp/kept" | wc -l) jars, $(du -sm "$tmp/kept" | cut -f1) MiB"

log "checking the kept jars alone, on a runtime jlinked with: $modules_jre"
"$JAVA_HOME/bin/jlink" --add-modules "$modules_jre" --no-man-pages --no-header-files --output "$tmp/jre"
runs_with() {  # runs_with <jar folder> <log>: the job on the bundle's runtime with those Spark jars only
  "$tmp/jre/bin/java" "${opts[@]}" -cp "$cvj_cp$1/*" "${job[@]}" > "$2" 2>&1
}
runs_with "$tmp/kept" "$tmp/run-kept.log" \
  || { tail -40 "$tmp/run-kept.log"; die "the job fails with the kept jars on the bundle's runtime (a missing jar or JDK module: see above)"; }
# By elimination: jars that load a class only because Spark looks through every data source it can find (mllib's
# libsvm and image sources) or prepares for features the job does not use. Each group goes if the job runs without it.
for group in ${CVJ_SPARK_TRY_DROP:-spark-mllib jts-core ivy-}; do
  rm -rf "$tmp/trial" && mkdir "$tmp/trial"
  find "$tmp/kept" -name '*.jar' ! -name "$group*" -exec cp {} "$tmp/trial/" \;
  [ "$(ls "$tmp/trial" | wc -l)" -lt "$(ls "$tmp/kept" | wc -l)" ] || continue
  if runs_with "$tmp/trial" "$tmp/run-trial.log"; then
    log "dropped $group* (the job runs without it)"
    rm -rf "$tmp/kept" && mv "$tmp/trial" "$tmp/kept" && cp "$tmp/run-trial.log" "$tmp/run-kept.log"
  else
    log "kept $group* (the job needs it: $(grep -m1 -o '[A-Za-z.]*\(Exception\|Error\): .*' "$tmp/run-trial.log" | cut -c1-120))"
  fi
done
log "kept: $(ls "$tmp/kept" | wc -l) jars, $(du -sm "$tmp/kept" | cut -f1) MiB"
grep '^bench: summary' -A8 "$tmp/run-kept.log" >&2 || true

rm -rf "$root"/.spark-part*
# First fit, largest jar first: each jar goes into the first part with room for it.
limit=$((part_mib * 1024 * 1024)); used=(); parts=0
for j in $(ls -S "$tmp/kept"); do
  size=$(stat -c %s "$tmp/kept/$j")
  [ "$size" -lt "$limit" ] || die "$j alone is over ${part_mib} MiB"
  p=0
  while [ $p -lt $parts ] && [ $((used[p] + size)) -ge "$limit" ]; do p=$((p + 1)); done
  [ $p -lt $parts ] || { used[p]=0; parts=$((parts + 1)); }
  mkdir -p "$root/.spark-part$((p + 1))"
  cp "$tmp/kept/$j" "$root/.spark-part$((p + 1))/"
  used[p]=$((used[p] + size))
done
part=$parts
# cvj-spark's test jar (the benchmark main, the Spark GPU test) travels with the Spark jars it needs.
p=0; for ((i = 1; i < parts; i++)); do [ "${used[i]}" -lt "${used[p]}" ] && p=$i; done
[ $((used[p] + $(stat -c %s "$tests_jar"))) -lt "$limit" ] || die "no part has room for $tests_jar"
cp "$tests_jar" "$root/.spark-part$((p + 1))/"
total=0
for d in "$root"/.spark-part*; do
  b=$(find "$d" -name '*.jar' -printf '%s\n' | awk '{s += $1} END {print s}'); total=$((total + b))
  echo "$(basename "$d"): $(ls "$d" | wc -l) jars, $b bytes ($(awk "BEGIN {printf \"%.1f\", $b / 1048576}") MiB)"
done
echo "Spark classpath for the GPU machine: $(ls "$tmp/kept" | wc -l) jars, $total bytes ($(awk "BEGIN {printf \"%.1f\", $total / 1048576}") MiB) in $part parts"
