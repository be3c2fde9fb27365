#!/usr/bin/env bash
# The sidecar against rtpengine, side by side, in one run (issues 6 and 13).
#
#   bench/run.sh            full run, under 25 minutes on 2 cores
#   bench/run.sh --quick    under 6 minutes (coarser ramps, 1 s windows)
#   bench/run.sh --jmh      the JMH micro-benchmarks instead (add --quick for shorter iterations)
#   bench/run.sh --scale-out  instead: one sidecar vs two behind Kamailio (shipped kamailio.cfg), each on one core
#                           (taskset), passthrough calls set up with SIP; then one of the two drained and killed
#                           under load (add --quick for the coarse ramp)
#
# Starts rtpengine (Debian rtpengine-daemon, userspace only), ramps it, stops it; then the same for media-sidecar;
# then each server again holding the same calls (25/50/75 % of the smaller knee: the equal-load CPU rows; 50 and
# 80 % of the sidecar's knee: the latency rows), 3 windows each; then the sidecar's other variants; then the
# Asterisk path (issue 10: sipp phones through a real Asterisk, ari-bridge and media-sidecar; needs /opt/asterisk
# from deploy/install-deps.sh --tests, and the Asterisk sample's fixed ports 8088, 5080, 5090, 5092, 4573, 2227
# free: run it in a namespace of its own, unshare -n). Prints one table and draws its charts. Everything on
# loopback. Raw output goes to bench/results/<date>-<mode>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=full
JMH=0
SCALE_OUT=0
for arg in "$@"; do
    case "$arg" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --jmh) JMH=1 ;;
        --scale-out) SCALE_OUT=1 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 64 ;;
    esac
done

RESULTS=bench/results
TMP=$RESULTS/tmp
mkdir -p "$TMP"
STAMP=$(date +%Y-%m-%d-%H%M)
if [[ $JMH == 1 ]]; then OUT=$RESULTS/$STAMP-jmh-$MODE.txt
elif [[ $SCALE_OUT == 1 ]]; then OUT=$RESULTS/$STAMP-scale-out-$MODE.txt
else OUT=$RESULTS/$STAMP-$MODE.txt; fi
exec > >(tee "$OUT") 2>&1
START=$(date +%s)

NG_RTPENGINE=127.0.0.1:22322
NG_SIDECAR=127.0.0.1:22323
HTTP_SIDECAR=127.0.0.1:22324
# Servers take ports 20000-29999 (4 per call); the generator takes even ports 40000-59998.
PORTS=(--port-min=20000 --port-max=29999)
GENERATOR=(java -Xms512m -Xmx512m -Djava.awt.headless=true -jar bench/target/bench.jar)
# rtpengine 10.5 encodes Opus through libavcodec's libopus wrapper with fixed settings: complexity 10 (the
# wrapper's default) and 32 kbit/s for opus/48000/2 (its log at level 7: "Using default bitrate of 32000 bps for
# 2-channel Opus"). The sidecar is given the same two settings, so the transcoding rows compare equal work asked.
SIDECAR_OPUS=(--opus-complexity=10 --opus-bitrate=32000)
SIDECAR_OPUS_BENCH=(--opus-complexity=10 --opus-bitrate=32000) # the same, for the generator's bare-codec timing

source bench/lib.sh
BRIDGE_PID=""
AST_WORK=""
stop_all() {
    stop_server
    stop_pid "$BRIDGE_PID"
    BRIDGE_PID=""
    if [[ -n "$AST_WORK" ]]; then bash deploy/asterisk/start.sh "$AST_WORK" stop; AST_WORK=""; fi
}
trap stop_all EXIT

# ---- build if needed
if [[ ! -f bench/target/bench.jar || ! -f media-sidecar/target/media-sidecar.jar || ! -f ari-bridge/target/ari-bridge.jar ]] \
    || [[ -n "$(find ng-wire/src ng-wire/pom.xml testbed/src testbed/pom.xml media-sidecar/src media-sidecar/pom.xml \
                ari-bridge/src ari-bridge/pom.xml bench/src bench/pom.xml pom.xml -newer bench/target/bench.jar \
                -print -quit)" ]]; then
    echo "# building media-sidecar, ari-bridge and bench (tests skipped)"
    mvn -B -q -o -pl media-sidecar,ari-bridge,bench -am package -DskipTests \
        || mvn -B -q -pl media-sidecar,ari-bridge,bench -am package -DskipTests
fi

if [[ $JMH == 1 ]]; then
    echo "# JMH micro-benchmarks, $MODE, $(date -Is), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
    # warm-up as each bench class sets it (the Opus ones need long); only the measured part changes
    if [[ $MODE == quick ]]; then JMH_ARGS=(-i 3 -r 1 -f 1); else JMH_ARGS=(-i 5 -r 2 -f 1); fi
    "${GENERATOR[@]}" jmh "${JMH_ARGS[@]}" -foe true
    exit 0
fi

if [[ $SCALE_OUT == 1 ]]; then
    exec bench/scale-out.sh "$MODE" "$TMP"
fi

# ---- rtpengine
need_package rtpengine rtpengine-daemon || exit 1
for hp in $NG_RTPENGINE $NG_SIDECAR $HTTP_SIDECAR; do
    if ss -Hlnu "sport = :${hp##*:}" | grep -q . || ss -Hlnt "sport = :${hp##*:}" | grep -q .; then
        echo "port ${hp##*:} is in use: stop what holds it" >&2; exit 1
    fi
done

RTPENGINE_VERSION=$(rtpengine --version 2>&1 | head -1 | sed 's/^Version: //')
echo "=== media-sidecar vs rtpengine, $MODE run, $(date -Is)"
echo "machine : $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"\
     "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
echo "java    : $(java -version 2>&1 | head -1)"
echo "servers : rtpengine $RTPENGINE_VERSION (userspace, --table=-1, log level 4) | media-sidecar $(git rev-parse --short HEAD 2>/dev/null || echo 'working tree') (${SIDECAR_JVM[*]}, log level 4)"

start_sidecar() { # start_sidecar [--opus-backend=...]
    # io_uring where it loads (the sidecar's default is jdk while io_uring has an open defect): the candidate measured
    java "${SIDECAR_JVM[@]}" -jar media-sidecar/target/media-sidecar.jar --listen-ng=$NG_SIDECAR \
        --listen-http=$HTTP_SIDECAR "${PORTS[@]}" "${SIDECAR_OPUS[@]}" --media-transport=auto "$@" --log-level=4 > "$TMP/sidecar.log" 2>&1 &
    SERVER_PID=$!
    # the sidecar warms its signalling, codec and DTLS paths up at start (as in production); measure it warm, as an
    # operator's is
    await_warm "$HTTP_SIDECAR" "$TMP/sidecar.log" || return 1
    echo "# sidecar warmed up; opus backend $(curl -s "http://$HTTP_SIDECAR/metrics" \
        | sed -n 's/^sidecar_opus_backend_info{.*version="\([^"]*\)".*/\1/p'); media transport $(curl -s \
        "http://$HTTP_SIDECAR/health" | sed -n 's/.*"media_transport":"\([^"]*\)".*/\1/p')"
}

# dtls-handshakes: browser calls set up to their DTLS-SRTP keys and deleted, 8 at a time (quick: 3 s warm-up
# + 3 s window; full: 5 + 15 s); both servers use ECDSA P-256 certificates (rtpengine 10.5's default prime256v1)
SCENARIOS=passthrough-pcmu,sdes-to-rtp,transcode-opus-pcmu,ng-rtt,dtls-handshakes
TRANSCODE=transcode-opus-pcmu
rm -f "$TMP"/*.properties

sheet_value() { sed -n "s/^$2=//p" "$1" 2>/dev/null | head -1; }

# what the sidecar held (equal-load and latency), for rtpengine to hold the same calls
held_by_sidecar() {
    local f=$1 key s n
    for key in $(sed -n 's/^\(\(equal[0-9]*\|latency[0-9]*\)\.[a-z-]*\)\.calls=.*/\1/p' "$f" 2>/dev/null | sort -u); do
        s=${key#*.}; n=$(sheet_value "$f" "$key.calls")
        echo "--hold=$s:$n:${key%%.*}"
    done
}

echo; echo "=== 1/4 rtpengine: ramps, ng round trips, DTLS handshakes"
start_rtpengine "$NG_RTPENGINE" "$TMP/rtpengine.log" "${PORTS[@]}"
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_RTPENGINE --server-pid=$SERVER_PID --label="rtpengine $RTPENGINE_VERSION" \
    --scenarios=$SCENARIOS --out="$TMP/rtpengine.properties" || echo "! generator exit $? against rtpengine"
stop_server

# The sidecar holds its loads right after its own ramps, warm (a JVM's JIT has compiled the call set-up and packet
# paths by then, as in an operator's long-running process): the equal loads (25/50/75 % of the smaller knee of the
# two servers) and the latency loads (50 and 80 % of its own knee), 3 windows each.
echo; echo "=== 2/4 media-sidecar: ramps, ng round trips, DTLS handshakes, bare codec, equal-load and latency holds"
start_sidecar
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_SIDECAR --server-pid=$SERVER_PID --label="media-sidecar" \
    --metrics-url="http://$HTTP_SIDECAR/metrics" --scenarios=$SCENARIOS --out="$TMP/sidecar.properties" \
    --bare-codec=libopus "${SIDECAR_OPUS_BENCH[@]}" --equal-load-with="$TMP/rtpengine.properties" \
    --latency-holds=passthrough-pcmu,$TRANSCODE || echo "! generator exit $? against media-sidecar"
stop_server

echo; echo "=== 2b/4 media-sidecar with its Concentus (pure Java) Opus backend: transcoding ramp, bare codec, equal load"
# the same transcoding loads as the libopus sidecar held, so that one rtpengine figure serves both
mapfile -t TRANSCODE_EQUAL < <(held_by_sidecar "$TMP/sidecar.properties" | grep "^--hold=$TRANSCODE:.*:equal")
start_sidecar --opus-backend=concentus
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_SIDECAR --server-pid=$SERVER_PID --label="media-sidecar (Concentus)" \
    --scenarios=$TRANSCODE --bare-codec=concentus "${SIDECAR_OPUS_BENCH[@]}" "${TRANSCODE_EQUAL[@]}" \
    --out="$TMP/sidecar-concentus.properties" \
    || echo "! generator exit $? against media-sidecar (Concentus)"
stop_server

# The relay again on the JDK's selector (media-transport = jdk: where io_uring does not load), at the same loads
mapfile -t RELAY_EQUAL < <(held_by_sidecar "$TMP/sidecar.properties" | grep -E "^--hold=(passthrough-pcmu|sdes-to-rtp):.*:equal")
echo; echo "=== 2c/4 media-sidecar on the JDK transport (the fallback where io_uring does not load): relay ramps, equal load"
start_sidecar --media-transport=jdk
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_SIDECAR --server-pid=$SERVER_PID --label="media-sidecar (JDK transport)" \
    --scenarios=passthrough-pcmu,sdes-to-rtp "${RELAY_EQUAL[@]}" --out="$TMP/sidecar-jdk.properties" \
    || echo "! generator exit $? against media-sidecar (JDK transport)"
stop_server

echo; echo "=== 3/4 rtpengine holding the same calls as the sidecar did (equal load and latency), 3 windows each"
mapfile -t HOLDS < <(held_by_sidecar "$TMP/sidecar.properties")
if [[ ${#HOLDS[@]} -gt 0 ]]; then
    start_rtpengine "$NG_RTPENGINE" "$TMP/rtpengine.log" "${PORTS[@]}"
    "${GENERATOR[@]}" load --mode=$MODE --ng=$NG_RTPENGINE --server-pid=$SERVER_PID --label="rtpengine $RTPENGINE_VERSION" \
        --scenarios= "${HOLDS[@]}" --out="$TMP/rtpengine-held.properties" || echo "! generator exit $? against rtpengine"
    stop_server
else
    echo "(the sidecar held nothing)"
fi

echo; echo "=== 4/4 the Asterisk path: sipp phones through Asterisk, ari-bridge and media-sidecar to a sipp PCMU trunk"
# quick: the latency of one 15 s call each way, then 10 calls with a 5 s CPU window; full: 30 s, 20 calls, 15 s
if [[ $MODE == quick ]]; then AST_HOLD=12; AST_CALLS=10; AST_WINDOW=5; else AST_HOLD=27; AST_CALLS=20; AST_WINDOW=15; fi
AST_SHEET=$TMP/asterisk.properties
rm -f "$AST_SHEET"
if [[ ! -x ${ASTERISK_PREFIX:-/opt/asterisk}/sbin/asterisk ]]; then
    echo "! no Asterisk in ${ASTERISK_PREFIX:-/opt/asterisk}: deploy/install-deps.sh --tests builds it; Asterisk path not measured"
elif ss -Hlnt "sport = :8088" | grep -q . || ss -Hlnu "sport = :5080" | grep -q .; then
    echo "! port 8088 or 5080 is in use (another Asterisk?): run bench/run.sh in its own namespace (unshare -n); Asterisk path not measured"
else
    AST_WORK=$(mktemp -d /tmp/ast.XXXXXX)
    ASTERISK_PID=$(bash deploy/asterisk/start.sh "$AST_WORK")
    echo "# Asterisk $(${ASTERISK_PREFIX:-/opt/asterisk}/sbin/asterisk -V | cut -d' ' -f2) on conf-samples/asterisk (pid $ASTERISK_PID, $AST_WORK)"
    start_sidecar
    # ari-bridge as shipped, pointed at this sidecar's ng port
    sed "s/^sidecar-ng = .*/sidecar-ng = $NG_SIDECAR/" conf-samples/ari-bridge/ari-bridge.conf > "$TMP/ari-bridge.conf"
    java -jar ari-bridge/target/ari-bridge.jar --config-file="$TMP/ari-bridge.conf" > "$TMP/ari-bridge.log" 2>&1 &
    BRIDGE_PID=$!
    for _ in $(seq 300); do curl -sf http://127.0.0.1:2227/health >/dev/null 2>&1 && break; sleep 0.1; done
    ASTERISK_PATH=(asterisk-path --asterisk-pid="$ASTERISK_PID" --sidecar-pid="$SERVER_PID" --bridge-pid="$BRIDGE_PID"
        --out="$AST_SHEET")
    "${GENERATOR[@]}" "${ASTERISK_PATH[@]}" --caller=pcmu --calls=1 --hold=$AST_HOLD --prefix=direct.1 \
        || echo "! asterisk-path direct exit $?"
    "${GENERATOR[@]}" "${ASTERISK_PATH[@]}" --caller=opus --calls=1 --hold=$AST_HOLD --prefix=sidecar.1 \
        || echo "! asterisk-path one call exit $?"
    "${GENERATOR[@]}" "${ASTERISK_PATH[@]}" --caller=opus --calls=$AST_CALLS --calls-per-second=2 \
        --window=$AST_WINDOW --prefix=sidecar.load || echo "! asterisk-path load exit $?"
    stop_all
fi

echo; echo "=== results ($MODE, $(( $(date +%s) - START )) s)"
BACKEND=$(sed -n 's/^# sidecar warmed up; opus backend \(.*\); media transport.*$/\1/p' "$OUT" | head -1)
TRANSPORT=$(sed -n 's/^# sidecar warmed up; .*; media transport \(.*\)$/\1/p' "$OUT" | head -1)
"${GENERATOR[@]}" table --reference-name=rtpengine \
    --reference="$TMP/rtpengine.properties,$TMP/rtpengine-held.properties" \
    --sidecar="$TMP/sidecar.properties" \
    --variant="Concentus backend=$TMP/sidecar-concentus.properties" \
    --variant="JDK transport=$TMP/sidecar-jdk.properties" --asterisk="$AST_SHEET" \
    --note="Opus encoders, both servers asked for complexity 10 and 32 kbit/s: rtpengine 10.5 (libavcodec's libopus, fixed settings) encodes what it resampled to 48 kHz; the sidecar (${BACKEND:-see its log}; Concentus on the 'Concentus backend' rows) encodes the trunk's 8 kHz directly." \
    --note="sidecar media transport: ${TRANSPORT:-see its log} (the 'JDK transport' rows: media-transport = jdk, the fallback)." \
    --note="sidecar: codec path warmed up at start (${SIDECAR_OPUS[*]}), as every start does; rtpengine needs no warm-up."
"${GENERATOR[@]}" chart --reference-name=rtpengine \
    --reference="$TMP/rtpengine.properties,$TMP/rtpengine-held.properties" --sidecar="$TMP/sidecar.properties" \
    --variant="Concentus backend=$TMP/sidecar-concentus.properties" --variant="JDK transport=$TMP/sidecar-jdk.properties" \
    --out="${OUT%.txt}" || echo "! the charts could not be drawn"
echo "raw output: $OUT"
