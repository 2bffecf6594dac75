#!/usr/bin/env bash
# The 10-minute concurrency stress (dev.cvj.reliability.StressMain) across two device calls: a call may run for
# 10 minutes at most, start and JVM included, so `start` launches the stress in its own process session (which
# outlives the call while the machine stays warm) and returns; a later call on the same warm machine runs
# `collect`, which waits for it to end and copies its log to $OUT.
#
#   bash scripts/gpu-stress-detached.sh start [minutes [threads [pairs [seed]]]]   # default 10 16 2
#   ...   (the same call can go on with other work: it shares the GPU with the stress)
#   bash scripts/gpu-stress-detached.sh collect       # in the next call: waits, $OUT/stress.log, exit 0 on PASS
#
# The JRE and jars are copied to /tmp/cvj-stress first, so the next call may replace the carried .gpu/ bundle
# while the stress runs. Files: /tmp/cvj-stress/stress.log, /tmp/cvj-stress/pid, /tmp/cvj-stress/rc.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gpu=${CVJ_BUNDLE:-$root/.gpu}
dir=/tmp/cvj-stress
case "${1:-}" in
  start)
    shift
    minutes=${1:-10}; threads=${2:-16}; pairs=${3:-2}; seed=${4:-$(date +%s%N)}
    rm -rf "$dir" && mkdir -p "$dir/jre" "$dir/lib" || exit 1
    tar -xJf "$gpu/jre.tar.xz" -C "$dir/jre" && cp "$gpu"/lib/*.jar "$dir/lib/" || exit 1
    limit=$(awk "BEGIN {print int($minutes * 60) + 180}")
    # setsid: a new session, so the device tool does not end it with the call; rc written when it ends.
    setsid bash -c "timeout $limit '$dir/jre/bin/java' --enable-native-access=ALL-UNNAMED -Xss2m \
        -XX:ErrorFile='$dir/hs_err_pid%p.log' -cp '$dir/lib/*' dev.cvj.reliability.StressMain \
        $minutes $threads $pairs $seed > '$dir/stress.log' 2>&1; echo \$? > '$dir/rc'" < /dev/null > /dev/null 2>&1 &
    echo $! > "$dir/pid"
    sleep 5
    echo "stress started: $minutes min, $threads threads, $pairs pairs, seed $seed; log $dir/stress.log"
    head -3 "$dir/stress.log"
    ;;
  collect)
    [ -f "$dir/pid" ] || { echo "no stress was started on this machine (a fresh machine? $dir/pid missing)"; exit 2; }
    while [ ! -f "$dir/rc" ]; do sleep 5; done
    rc=$(cat "$dir/rc")
    [ -n "${OUT:-}" ] && cp "$dir/stress.log" "$OUT/stress.log"
    tail -15 "$dir/stress.log"
    ls "$dir"/hs_err_pid*.log 2>/dev/null && echo "JVM crash logs above"
    echo "stress exit status $rc"
    exit "$rc"
    ;;
  *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
