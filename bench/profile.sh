#!/usr/bin/env bash
# Where the sidecar's CPU goes (issue 13's profile): media-sidecar under a held load, then rtpengine under the same
# load. Per transcoded frame pair and per relayed packet it prints, from perf's samples of each server (cpu-clock
# every 0.5 ms of CPU, every thread) during a hold with no other profiler running, the kernel's share (the packets'
# system calls and UDP/IP; sleeping and waking), the codec libraries', the server's own code and, for the sidecar,
# the JVM's (JIT compiler, GC), then the sidecar's media loops' hottest symbols, Java's included. Before that, on an
# earlier hold of the same sidecar: its media loops' Java time by category (JDK Flight Recorder's samples), their
# user and kernel time (/proc) and the other threads', and libopus's bare cost timed alone. One server at a time, on
# loopback (run it in a namespace of its own, unshare -n, if ports 22322-22324 or 20000-29999 are taken). perf and
# rtpengine are installed from Debian when missing (as root).
#
#   bench/profile.sh                       40 transcoded calls, 288 passthrough, 288 SDES <-> RTP (about half of
#                                          rtpengine's knees on 2 shared cores)
#   WARM_HOLDS=0 bench/profile.sh transcode-opus-pcmu:20 passthrough-pcmu:150   a fresher sidecar, other loads
set -euo pipefail
cd "$(dirname "$0")/.."
HOLDS=("$@")
[[ ${#HOLDS[@]} -gt 0 ]] || HOLDS=(transcode-opus-pcmu:40 passthrough-pcmu:288 sdes-to-rtp:288)

TMP=bench/results/tmp
mkdir -p "$TMP"
OUT=bench/results/$(date +%Y-%m-%d-%H%M)-profile.txt
exec > >(tee "$OUT") 2>&1
NG=127.0.0.1:22323
NG_RTPENGINE=127.0.0.1:22322
# perf records each server for PERF_SECONDS from PERF_DELAY seconds into its hold (the generator's Opus frames made,
# the calls set up and settled: 3 windows of 4.3 s follow a 1 s settle)
PERF_SECONDS=10
PERF_DELAY=3
PERF_PERIOD_NANOS=500000
# holds of the same load before the JFR hold and the perf hold, unmeasured: the JIT compiles its paths (the bench's
# equal-load rows measure a sidecar warm from its ramps; a fresh one spends a third of its CPU compiling)
WARM_HOLDS=${WARM_HOLDS:-1}
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
need_package perf linux-perf || exit 1
need_package rtpengine rtpengine-daemon || exit 1
echo "=== profile of media-sidecar $(git rev-parse --short HEAD 2>/dev/null || echo 'working tree'), $(date -Is)"
echo "java: $(java -version 2>&1 | awk 'NR == 1'); ${SIDECAR_JVM[*]}; JFR: Java samples every 2 ms during its hold;" \
     "perf: cpu-clock every 0.5 ms of CPU for $PERF_SECONDS s of its hold; holds of 3 windows of 4 s"

sidecar_pid=""
# the map the sidecar's JVM wrote at exit for perf's Java names, once read
trap 'stop_server; rm -f "/tmp/perf-${sidecar_pid:-none}.map"' EXIT

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
# perf_record PID FILE: from PERF_DELAY s on, PERF_SECONDS of the process's threads, a sample per 0.5 ms of CPU
perf_record() {
    sleep "$PERF_DELAY"
    # no build-ids (-B -N): collecting them at the end took up to a core for a second, beside the load
    perf record -q -B -N -e cpu-clock -c "$PERF_PERIOD_NANOS" -p "$1" -o "$2" -- sleep "$PERF_SECONDS" \
        > /dev/null 2>&1 || { echo "! perf record of pid $1 failed"; rm -f "$2"; }
}
# perf_hold PID NG LABEL SCENARIO:CALLS DATA: the load held against the server at NG while perf records it
perf_hold() {
    rm -f "$5"
    perf_record "$1" "$5" &
    local perf_pid=$!
    "${GENERATOR[@]}" load --mode=full --ng="$2" --server-pid="$1" --label="$3" --scenarios= --hold="$4:perf" \
        --out="$TMP/profile-perf.properties" > "$TMP/profile-perf.out" 2>&1 || echo "! the load against $3 failed"
    grep -v "^Dec\|^INFO" "$TMP/profile-perf.out" || true
    wait "$perf_pid" || true
}
# perf_samples FILE: one line per thread, binary and symbol: percent;samples;thread;binary;symbol
perf_samples() {
    perf report -i "$1" --no-children --sort comm,dso,sym -g none -n --stdio -t ';' 2>/dev/null
}
# perf_table UNIT UNITS SIDECAR.data RTPENGINE.data: microseconds per unit by category (bench/perf-split.awk), both
# servers side by side; UNITS is how many units the servers handled in the recorded seconds
perf_table() {
    local f
    for f in "$3" "$4"; do
        [[ -s $f ]] || { echo "! no perf recording in $f"; return 0; }
        perf_samples "$f" | awk -f bench/perf-split.awk > "$f.split" || { echo "! perf report of $f failed"; return 0; }
    done
    awk -F'\t' -v unit="$1" -v units="$2" -v period="$PERF_PERIOD_NANOS" -v seconds="$PERF_SECONDS" '
        { name[$1] = $2 }
        FILENAME == ARGV[1] { side[$1] += $3; ts += $3; next }
        { rtpe[$1] += $3; tr += $3 }
        END {
            us = period / 1000 / units
            printf "%-62s %13s %11s\n", "where each server'"'"'s CPU goes (perf), us per " unit, "media-sidecar", "rtpengine"
            for (i = 1; i <= 9; i++) {
                if (i in name) printf "%-62s %13.1f %11.1f\n", name[i], side[i] * us, rtpe[i] * us
                if (name[i] ~ /JIT compiler/) jit = side[i]
            }
            printf "%-62s %13.1f %11.1f\n", "total", ts * us, tr * us
            printf "%-62s %13.1f %11.1f\n", "total, the JIT compiler aside (a long-running sidecar)", (ts - jit) * us, tr * us
            printf "%-62s %13.2f %11.2f\n", "(cores, from the samples)", ts * period / 1e9 / seconds, tr * period / 1e9 / seconds
            if (ts > jit) printf "%-62s %13.2fx (%.2fx, the JIT compiler aside)\n", "rtpengine / media-sidecar", tr / ts, tr / (ts - jit)
        }' "$3.split" "$4.split"
}
# perf_top UNIT UNITS DATA: the sidecar's media loops' 20 hottest symbols (kernel, Java, native; the codec aside) in
# microseconds per unit; Java's names come from the map the JVM wrote at exit (-XX:+DumpPerfMapAtExit)
perf_top() {
    [[ -s $3 ]] || return 0
    echo "the media loops' hottest symbols (perf), us per $1:"
    perf_samples "$3" \
        | awk -F';' -v units="$2" -v period="$PERF_PERIOD_NANOS" '!/^#/ && NF >= 5 && $3 ~ /^ *media-loop-/ {
            dso = $4; sym = $5; gsub(/^ +| +$/, "", dso); gsub(/^ +| +$/, "", sym); sub(/^\[.\] /, "", sym)
            if (dso ~ /^lib(opus|av|swresample)/) next # the codec: a row of its own above (and no symbols)
            if (dso ~ /^\[JIT\]/) dso = "Java"; else if (dso == "[kernel.kallsyms]") dso = "kernel"
            us[substr(dso, 1, 8) "\t" substr(sym, 1, 130)] += $2 * period / 1000 / units
        } END { for (k in us) printf "%.2f\t%s\n", us[k], k }' \
        | sort -t$'\t' -k1,1 -rn | awk -F'\t' 'NR <= 20 { printf "  %6.2f  %-8s %s\n", $1, $2, $3 }' \
        || echo "! perf report of $3 failed"
}
sheet() { [[ -f $1 ]] || return 0; sed -n "s/^$(printf '%s' "$2" | sed 's/[.]/\\./g')=//p" "$1" | awk 'NR == 1'; }

for hold in "${HOLDS[@]}"; do
    scenario=${hold%%:*}
    calls=${hold#*:}
    jfr=$TMP/profile-$scenario.jfr
    sheet_file=$TMP/profile-$scenario.properties
    rm -f "$jfr" "$sheet_file"
    echo; echo "== $scenario, $calls calls held (3 windows)"
    java "${SIDECAR_JVM[@]}" -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
        -jar media-sidecar/target/media-sidecar.jar \
        --listen-ng=$NG --listen-http=$HTTP --port-min=20000 --port-max=29999 --opus-complexity=10 \
        --opus-bitrate=32000 --media-transport=auto --log-level=4 > "$TMP/profile-sidecar.log" 2>&1 &
    SERVER_PID=$!
    rm -f "/tmp/perf-${sidecar_pid:-none}.map" # the last load's, if it ended early
    sidecar_pid=$SERVER_PID
    await_warm "$HTTP" "$TMP/profile-sidecar.log" || exit 1
    echo "# media transport $(curl -s "http://$HTTP/health" | sed -n 's/.*"media_transport":"\([^"]*\)".*/\1/p')"
    jcmd "$SERVER_PID" JFR.start name=warm settings="$PWD/$JFC" > /dev/null || echo "! JFR did not start"
    # a JVM's first JFR recording sets the JIT recompiling (measured: the JIT compiler threads took 13.0 us of an SDES
    # packet's 31.3 during a first recording's hold): a throwaway one runs through the warm-up holds
    for _ in $(seq "$WARM_HOLDS"); do
        "${GENERATOR[@]}" load --mode=full --ng=$NG --server-pid=$SERVER_PID --label="media-sidecar (warm-up)" \
            --scenarios= --hold="$scenario:$calls:warm" --out="$TMP/profile-warm.properties" > /dev/null 2>&1 \
            || { echo "! the warm-up load failed"; exit 1; }
    done
    jcmd "$SERVER_PID" JFR.stop name=warm > /dev/null || echo "! JFR did not stop"
    # the JFR hold: Java samples by category, /proc's ticks, the bare codec timed by the generator
    jcmd "$SERVER_PID" JFR.start name=loops settings="$PWD/$JFC" > /dev/null || echo "! JFR did not start"
    per_thread "$SERVER_PID" > "$TMP/profile-threads0"
    read -r lu0 ls0 all0 <<< "$(thread_ticks "$SERVER_PID")"
    bare=()
    [[ $scenario == transcode-* ]] && bare=(--bare-codec=libopus --opus-complexity=10 --opus-bitrate=32000)
    "${GENERATOR[@]}" load --mode=full --ng=$NG --server-pid=$SERVER_PID --label="media-sidecar (JFR)" \
        --scenarios= "${bare[@]}" --hold="$scenario:$calls:prof" --out="$sheet_file" > "$TMP/profile-jfr.out" 2>&1 \
        || echo "! the JFR hold failed"
    grep -v "^Dec\|^INFO" "$TMP/profile-jfr.out" || true
    read -r lu1 ls1 all1 <<< "$(thread_ticks "$SERVER_PID")"
    per_thread "$SERVER_PID" > "$TMP/profile-threads1"
    echo "# threads by CPU during the load (share of the process's ticks; threads of one name summed):"
    join <(sort "$TMP/profile-threads0") <(sort "$TMP/profile-threads1") \
        | awk '{ d[$2] += $5 - $3; t += $5 - $3 } END { for (n in d) if (d[n] > 0) printf "#   %5.1f%%  %s\n", 100 * d[n] / t, n }' \
        | sort -k2 -nr | awk 'NR <= 8'
    jcmd "$SERVER_PID" JFR.stop name=loops filename="$PWD/$jfr" > /dev/null || echo "! JFR did not stop"
    cores=$(sheet "$sheet_file" "prof.$scenario.server-cores")
    held=$(sheet "$sheet_file" "prof.$scenario.calls")
    all=$((all1 - all0))
    if [[ -z "$cores" || -z "$held" || $all -le 0 || ! -s "$jfr" ]]; then
        echo "! no result for $scenario (cores '$cores', calls '$held', ticks $all, $jfr)"; stop_server; continue
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
        --loop-user="$user" --loop-system="$system" --codec-micros-per-unit="${codec:-0}" \
        || echo "! bench profile failed"

    # the perf hold: the same load again, no JFR running
    echo; echo "-- media-sidecar under perf"
    perf_hold "$SERVER_PID" "$NG" "media-sidecar (perf)" "$scenario:$calls" "$TMP/perf-sidecar.data"
    stop_server # the JVM writes perf's map of its compiled code as it exits

    echo; echo "-- rtpengine under perf, the same $held calls"
    start_rtpengine "$NG_RTPENGINE" "$TMP/profile-rtpengine.log" --port-min=20000 --port-max=29999
    sleep 1
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "! rtpengine exited: $(tail -3 "$TMP/profile-rtpengine.log")"; continue
    fi
    perf_hold "$SERVER_PID" "$NG_RTPENGINE" "rtpengine (perf)" "$scenario:$held" "$TMP/perf-rtpengine.data"
    stop_server
    echo
    units=$((held * 100 * PERF_SECONDS)) # packets: 50 a second each way per call
    [[ $unit == "frame pair" ]] && units=$((held * 50 * PERF_SECONDS))
    perf_table "$unit" "$units" "$TMP/perf-sidecar.data" "$TMP/perf-rtpengine.data"
    echo
    perf_top "$unit" "$units" "$TMP/perf-sidecar.data"
    rm -f "/tmp/perf-$sidecar_pid.map"
done
echo; echo "# written to $OUT"
