#!/usr/bin/env bash
# Where the sidecar's CPU goes (issue 13's profile): media-sidecar under a held load, recorded by the JDK Flight
# Recorder, its threads' CPU read from /proc around the load; prints, per transcoded frame pair and per relayed
# packet, libopus (its bare cost, timed alone in the same run), the media loops' Java time by category (JFR's
# samples), their kernel time and the other threads' time. One sidecar per load, on loopback (run it in a
# namespace of its own, unshare -n, if ports 22323-22324 or 20000-29999 are taken).
#
#   bench/profile.sh                                  20 transcoded calls, then 150 passthrough calls
#   bench/profile.sh transcode-opus-pcmu:10 sdes-to-rtp:100
set -euo pipefail
cd "$(dirname "$0")/.."
HOLDS=("$@")
[[ ${#HOLDS[@]} -gt 0 ]] || HOLDS=(transcode-opus-pcmu:20 passthrough-pcmu:150)

TMP=bench/results/tmp
mkdir -p "$TMP"
OUT=bench/results/$(date +%Y-%m-%d-%H%M)-profile.txt
exec > >(tee "$OUT") 2>&1
NG=127.0.0.1:22323
HTTP=127.0.0.1:22324
GENERATOR=(java -Xms512m -Xmx512m -Djava.awt.headless=true -jar bench/target/bench.jar)
# recorded only while the load runs (started after the codec warm-up with jcmd): Java samples every 2 ms (the
# "profile" settings take 20 ms), nothing else
JFC=$TMP/profile-loops.jfc
cat > "$JFC" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="media loops" description="bench/profile.sh: Java samples only">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">2 ms</setting></event>
</configuration>
JFC

if [[ ! -f bench/target/bench.jar || ! -f media-sidecar/target/media-sidecar.jar ]] \
    || [[ -n "$(find media-sidecar/src bench/src -newer bench/target/bench.jar -print -quit)" ]]; then
    echo "# building media-sidecar and bench (tests skipped)"
    mvn -B -q -o -pl media-sidecar,bench -am package -DskipTests
fi
source bench/lib.sh
echo "=== profile of media-sidecar $(git rev-parse --short HEAD 2>/dev/null || echo 'working tree'), $(date -Is)"
echo "java: $(java -version 2>&1 | head -1); ${SIDECAR_JVM[*]}; JFR: Java samples every 2 ms during the load; holds of 3 windows of 4 s"

trap stop_server EXIT

# utime and stime ticks of the process's threads: "loop-user loop-system all"
thread_ticks() {
    local pid=$1 lu=0 ls=0 all=0 task comm stat
    for task in /proc/"$pid"/task/*; do
        comm=$(cat "$task/comm" 2>/dev/null) || continue
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        stat=${stat##*) } # fields after the command name: state is field 3, utime 14, stime 15
        read -r -a f <<< "$stat"
        all=$((all + f[11] + f[12]))
        if [[ $comm == media-loop-* ]]; then lu=$((lu + f[11])); ls=$((ls + f[12])); fi
    done
    echo "$lu $ls $all"
}
# "comm ticks" of every thread, for the threads' table
per_thread() {
    local task stat
    for task in /proc/"$1"/task/*; do
        stat=$(cat "$task/stat" 2>/dev/null) || continue
        local comm=${stat#*(}; comm=${comm%%)*}; comm=${comm// /_}
        stat=${stat##*) }
        read -r -a f <<< "$stat"
        echo "${task##*/} $comm $((f[11] + f[12]))"
    done
}
sheet() { sed -n "s/^$(printf '%s' "$2" | sed 's/[.]/\\./g')=//p" "$1" | head -1; }

for hold in "${HOLDS[@]}"; do
    scenario=${hold%%:*}
    calls=${hold#*:}
    jfr=$TMP/profile-$scenario.jfr
    sheet_file=$TMP/profile-$scenario.properties
    rm -f "$jfr" "$sheet_file"
    echo; echo "== $scenario, $calls calls held (3 windows)"
    java "${SIDECAR_JVM[@]}" -jar media-sidecar/target/media-sidecar.jar \
        --listen-ng=$NG --listen-http=$HTTP --port-min=20000 --port-max=29999 --opus-complexity=10 \
        --opus-bitrate=32000 --media-transport=auto --log-level=4 > "$TMP/profile-sidecar.log" 2>&1 &
    SERVER_PID=$!
    await_warm "$HTTP" "$TMP/profile-sidecar.log" || exit 1
    echo "# media transport $(curl -s "http://$HTTP/health" | sed -n 's/.*"media_transport":"\([^"]*\)".*/\1/p')"
    jcmd "$SERVER_PID" JFR.start name=loops settings="$PWD/$JFC" > /dev/null
    per_thread "$SERVER_PID" > "$TMP/profile-threads0"
    read -r lu0 ls0 all0 <<< "$(thread_ticks "$SERVER_PID")"
    bare=()
    [[ $scenario == transcode-* ]] && bare=(--bare-codec=libopus --opus-complexity=10 --opus-bitrate=32000)
    "${GENERATOR[@]}" load --mode=full --ng=$NG --server-pid=$SERVER_PID --label="media-sidecar (JFR)" \
        --scenarios= "${bare[@]}" --hold="$scenario:$calls:prof" --out="$sheet_file" | grep -v "^Dec\|^INFO"
    read -r lu1 ls1 all1 <<< "$(thread_ticks "$SERVER_PID")"
    per_thread "$SERVER_PID" > "$TMP/profile-threads1"
    echo "# threads by CPU during the load (share of the process's ticks; threads of one name summed):"
    join <(sort "$TMP/profile-threads0") <(sort "$TMP/profile-threads1") \
        | awk '{ d[$2] += $5 - $3; t += $5 - $3 } END { for (n in d) if (d[n] > 0) printf "#   %5.1f%%  %s\n", 100 * d[n] / t, n }' \
        | sort -k2 -nr | head -8
    jcmd "$SERVER_PID" JFR.stop name=loops filename="$PWD/$jfr" > /dev/null
    stop_server
    cores=$(sheet "$sheet_file" "prof.$scenario.server-cores")
    held=$(sheet "$sheet_file" "prof.$scenario.calls")
    all=$((all1 - all0))
    if [[ -z "$cores" || -z "$held" || $all -le 0 || ! -s "$jfr" ]]; then
        echo "! no result for $scenario (cores '$cores', calls '$held', ticks $all, $jfr)"; continue
    fi
    user=$(awk -v a=$((lu1 - lu0)) -v t=$all 'BEGIN { printf "%.4f", a / t }')
    system=$(awk -v a=$((ls1 - ls0)) -v t=$all 'BEGIN { printf "%.4f", a / t }')
    if [[ $scenario == transcode-* ]]; then
        unit="frame pair"   # one 20 ms frame each way of one call
        per_unit=$(awk -v c="$cores" -v n="$held" 'BEGIN { printf "%.2f", c * 1e6 * 0.020 / n }')
        codec=$(sheet "$sheet_file" "codec.bare-us-per-frame-pair")
    else
        unit="packet"       # relayed: 50 packets a second each way per call
        per_unit=$(awk -v c="$cores" -v n="$held" 'BEGIN { printf "%.3f", c * 1e6 / (n * 100) }')
        codec=0
    fi
    echo "# server $cores cores for $held calls: $per_unit us per $unit; media loops: user $user, kernel $system of the process's CPU"
    "${GENERATOR[@]}" profile --jfr="$jfr" --unit="$unit" --server-micros-per-unit="$per_unit" \
        --loop-user="$user" --loop-system="$system" --codec-micros-per-unit="${codec:-0}"
done
echo; echo "# written to $OUT"
