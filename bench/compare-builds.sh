#!/usr/bin/env bash
# Two builds of media-sidecar against each other at equal load (issue 11: "relay and transcoding within 5 % of
# before"): each holds the same calls (3 windows of 4 s each) on the JDK transport, in A B B A order per round so
# that a drift of the shared machine falls on both; per load, the median over the rounds of the server's CPU per
# call and the ratio new / old. On loopback (unshare -n if ports 22323-22324 or 20000-29999 are taken).
#
#   bench/compare-builds.sh OLD.jar NEW.jar [ROUNDS] [SCENARIO:CALLS ...]
#   e.g. bench/compare-builds.sh ../wt-before/media-sidecar/target/media-sidecar.jar \
#            media-sidecar/target/media-sidecar.jar 3 passthrough-pcmu:150 sdes-to-rtp:150 transcode-opus-pcmu:20
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { sed -n '2,9p' "$0"; exit 64; }
OLD=$(realpath "$1"); NEW=$(realpath "$2"); ROUNDS=${3:-3}; shift $(( $# >= 3 ? 3 : 2 ))
HOLDS=("$@")
[[ ${#HOLDS[@]} -gt 0 ]] || HOLDS=(passthrough-pcmu:150 sdes-to-rtp:150 transcode-opus-pcmu:20)
TMP=bench/results/tmp
mkdir -p "$TMP"
OUT=bench/results/$(date +%Y-%m-%d-%H%M)-compare-builds.txt
exec > >(tee "$OUT") 2>&1
NG=127.0.0.1:22323
HTTP=127.0.0.1:22324
GENERATOR=(java -Xms512m -Xmx512m -Djava.awt.headless=true -jar bench/target/bench.jar)
[[ -f bench/target/bench.jar ]] || mvn -B -q -o -pl bench -am package -DskipTests
echo "=== $(date -Is): old $OLD ($(unzip -p "$OLD" META-INF/MANIFEST.MF 2>/dev/null | sed -n 's/^Implementation-Version: //p' | tr -d '\r'))"
source bench/lib.sh
echo "    new $NEW; $ROUNDS rounds of ${HOLDS[*]}, JDK transport, ${SIDECAR_JVM[*]}"

trap stop_server EXIT

run() { # run LABEL JAR ROUND
    local label=$1 jar=$2 round=$3 args=() hold
    # the JDK transport on both: a build from before io_uring has no --media-transport and uses it anyway
    java -jar "$jar" --help 2>/dev/null | grep -q -- "--media-transport" && args=(--media-transport=jdk)
    java "${SIDECAR_JVM[@]}" -jar "$jar" --listen-ng=$NG --listen-http=$HTTP --port-min=20000 \
        --port-max=29999 --opus-complexity=10 --opus-bitrate=32000 "${args[@]}" --log-level=4 \
        > "$TMP/compare-$label.log" 2>&1 &
    SERVER_PID=$!
    await_warm "$HTTP" "$TMP/compare-$label.log" || exit 1
    local holds=()
    for hold in "${HOLDS[@]}"; do holds+=(--hold="$hold:r$round"); done
    echo "# round $round: $label"
    "${GENERATOR[@]}" load --mode=full --ng=$NG --server-pid=$SERVER_PID --label="$label" --scenarios= \
        "${holds[@]}" --out="$TMP/compare-$label-r$round.properties" | grep "held at\|calls: sent" | sed 's/^/  /'
    stop_server
}

rm -f "$TMP"/compare-old-r*.properties "$TMP"/compare-new-r*.properties
for round in $(seq "$ROUNDS"); do
    if (( round % 2 == 1 )); then run old "$OLD" "$round"; run new "$NEW" "$round"
    else run new "$NEW" "$round"; run old "$OLD" "$round"; fi
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo; echo "=== server CPU per call at equal load (median over $ROUNDS rounds of the median of 3 windows)"
printf "%-30s %14s %14s %10s\n" "load" "old CPU-s/min" "new CPU-s/min" "new/old"
for hold in "${HOLDS[@]}"; do
    s=${hold%%:*}; n=${hold#*:}
    o=$(cat "$TMP"/compare-old-r*.properties | sed -n "s/^r[0-9]*\.$s\.server-cores=//p" | median)
    w=$(cat "$TMP"/compare-new-r*.properties | sed -n "s/^r[0-9]*\.$s\.server-cores=//p" | median)
    echo "# $s server cores per round: old $(cat "$TMP"/compare-old-r*.properties | sed -n "s/^r[0-9]*\.$s\.server-cores=//p" | tr '\n' ' ')| new $(cat "$TMP"/compare-new-r*.properties | sed -n "s/^r[0-9]*\.$s\.server-cores=//p" | tr '\n' ' ')"
    awk -v s="$s" -v n="$n" -v o="$o" -v w="$w" 'BEGIN { printf "%-30s %14.4f %14.4f %9.2fx\n", s " x" n,
        o * 60 / n, w * 60 / n, (o > 0 ? w / o : 0) }'
done
echo "(CPU-s per call-minute; new/old below 1.00 is the new build cheaper; within 5 %: 0.95-1.05)"
echo "# written to $OUT"
