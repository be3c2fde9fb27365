#!/usr/bin/env bash
# The sidecar against rtpengine, side by side, in one run (issue 6).
#
#   bench/run.sh            full run, under 10 minutes on 2 cores
#   bench/run.sh --quick    under 2 minutes (coarser ramps, shorter windows)
#   bench/run.sh --jmh      the JMH micro-benchmarks instead (add --quick for shorter iterations)
#
# Starts rtpengine (Debian rtpengine-daemon, userspace only), runs the load generator against it, stops it;
# then the same for media-sidecar; then rtpengine once more at the sidecar's half capacity for the latency rows;
# then the Asterisk path (issue 10: sipp phones through a real Asterisk, ari-bridge and media-sidecar; needs
# /opt/asterisk from deploy/install-deps.sh --tests, and the Asterisk sample's fixed ports 8088, 5080, 5090, 5092,
# 4573, 2227 free: run it in a namespace of its own, unshare -n); prints one table. Everything on loopback. Raw
# output goes to bench/results/<date>-<mode>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=full
JMH=0
for arg in "$@"; do
    case "$arg" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --jmh) JMH=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 64 ;;
    esac
done

RESULTS=bench/results
TMP=$RESULTS/tmp
mkdir -p "$TMP"
STAMP=$(date +%Y-%m-%d-%H%M)
if [[ $JMH == 1 ]]; then OUT=$RESULTS/$STAMP-jmh-$MODE.txt; else OUT=$RESULTS/$STAMP-$MODE.txt; fi
exec > >(tee "$OUT") 2>&1
START=$(date +%s)

NG_RTPENGINE=127.0.0.1:22322
NG_SIDECAR=127.0.0.1:22323
HTTP_SIDECAR=127.0.0.1:22324
# Servers take ports 20000-29999 (4 per call); the generator takes even ports 40000-59998.
PORTS=(--port-min=20000 --port-max=29999)
GENERATOR=(java -Xms512m -Xmx512m -jar bench/target/bench.jar)
SIDECAR_JVM=(-XX:+UseZGC -Xms256m -Xmx1g) # as deploy/systemd/media-sidecar.service runs it
# rtpengine 10.5 encodes Opus through libavcodec's libopus wrapper with fixed settings: complexity 10 (the
# wrapper's default) and 32 kbit/s for opus/48000/2 (its log at level 7: "Using default bitrate of 32000 bps for
# 2-channel Opus"). The sidecar is given the same two settings, so the transcoding rows compare equal work asked.
SIDECAR_OPUS=(--opus-complexity=10 --opus-bitrate=32000)

SERVER_PID=""
BRIDGE_PID=""
AST_WORK=""
stop_pid() {
    if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
        kill "$1" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$1" 2>/dev/null || true
    fi
}
stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
}
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

# ---- rtpengine
if ! command -v rtpengine >/dev/null; then
    if [[ $(id -u) == 0 ]]; then
        apt-get install -y -q rtpengine-daemon >/dev/null
    else
        echo "rtpengine is not installed: apt-get install rtpengine-daemon (as root)" >&2; exit 1
    fi
fi
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

start_rtpengine() {
    rtpengine --config-file=none --interface=127.0.0.1 --listen-ng=$NG_RTPENGINE "${PORTS[@]}" --table=-1 \
        --foreground --log-stderr --log-level=4 --delete-delay=0 > "$TMP/rtpengine.log" 2>&1 &
    SERVER_PID=$!
}
start_sidecar() { # start_sidecar [--opus-backend=...]
    java "${SIDECAR_JVM[@]}" -jar media-sidecar/target/media-sidecar.jar --listen-ng=$NG_SIDECAR \
        --listen-http=$HTTP_SIDECAR "${PORTS[@]}" "${SIDECAR_OPUS[@]}" "$@" --log-level=4 > "$TMP/sidecar.log" 2>&1 &
    SERVER_PID=$!
    # the sidecar warms its codec path up at start (as in production); measure it warm, as an operator's is
    for _ in $(seq 300); do
        if curl -sf "http://$HTTP_SIDECAR/health" 2>/dev/null | grep -q '"codecs":"warm"'; then
            echo "# sidecar warmed up; opus backend $(curl -s "http://$HTTP_SIDECAR/metrics" \
                | sed -n 's/^sidecar_opus_backend_info{.*version="\([^"]*\)".*/\1/p')"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "! the sidecar exited: $(tail -3 "$TMP/sidecar.log")"; return 1; }
        sleep 0.1
    done
    echo "! the sidecar did not finish its codec warm-up within 30 s"
}

# dtls-handshakes: browser calls set up to their DTLS-SRTP keys and deleted, 8 at a time (quick: 3 s warm-up
# + 3 s window; full: 5 + 15 s); both servers use ECDSA P-256 certificates (rtpengine 10.5's default prime256v1)
SCENARIOS=passthrough-pcmu,sdes-to-rtp,transcode-opus-pcmu,ng-rtt,dtls-handshakes
HALF_KNEE=passthrough-pcmu,transcode-opus-pcmu
rm -f "$TMP"/*.properties

echo; echo "=== 1/3 rtpengine"
start_rtpengine
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_RTPENGINE --server-pid=$SERVER_PID --label="rtpengine $RTPENGINE_VERSION" \
    --scenarios=$SCENARIOS --out="$TMP/rtpengine.properties" || echo "! generator exit $? against rtpengine"
stop_server

echo; echo "=== 2/3 media-sidecar"
start_sidecar
"${GENERATOR[@]}" load --mode=$MODE --ng=$NG_SIDECAR --server-pid=$SERVER_PID --label="media-sidecar" \
    --metrics-url="http://$HTTP_SIDECAR/metrics" --scenarios=$SCENARIOS --latency-at-half-knee=$HALF_KNEE \
    --out="$TMP/sidecar.properties" || echo "! generator exit $? against media-sidecar"
stop_server

if [[ $MODE == full ]]; then # quick mode has no time for it (under 2 minutes)
    echo; echo "=== 2b/3 media-sidecar with its Concentus (pure Java) Opus backend: transcoding only"
    start_sidecar --opus-backend=concentus
    "${GENERATOR[@]}" load --mode=$MODE --ng=$NG_SIDECAR --server-pid=$SERVER_PID --label="media-sidecar (Concentus)" \
        --scenarios=transcode-opus-pcmu --out="$TMP/sidecar-concentus.properties" \
        || echo "! generator exit $? against media-sidecar (Concentus)"
    stop_server
fi

echo; echo "=== 3/3 rtpengine at the sidecar's half (and, full run, 80 %) capacity (latency rows)"
LATENCY_AT=()
for s in ${HALF_KNEE//,/ }; do
    n=$(sed -n "s/^$s\.half-knee=//p" "$TMP/sidecar.properties" 2>/dev/null || true)
    [[ -n "$n" ]] && LATENCY_AT+=(--latency-at="$s:$n")
    n=$(sed -n "s/^$s\.knee80=//p" "$TMP/sidecar.properties" 2>/dev/null || true)
    [[ -n "$n" ]] && LATENCY_AT+=(--latency-at="$s:$n:latency80")
done
if [[ ${#LATENCY_AT[@]} -gt 0 ]]; then
    start_rtpengine
    "${GENERATOR[@]}" load --mode=$MODE --ng=$NG_RTPENGINE --server-pid=$SERVER_PID --label="rtpengine $RTPENGINE_VERSION" --scenarios= \
        "${LATENCY_AT[@]}" --out="$TMP/rtpengine-latency.properties" || echo "! generator exit $? against rtpengine"
    stop_server
else
    echo "(no sidecar knee to take half of)"
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
BACKEND=$(sed -n 's/^# sidecar warmed up; opus backend \(.*\)$/\1/p' "$OUT" | head -1)
"${GENERATOR[@]}" table --reference-name=rtpengine \
    --reference="$TMP/rtpengine.properties,$TMP/rtpengine-latency.properties" --sidecar="$TMP/sidecar.properties" \
    --variant="Concentus backend=$TMP/sidecar-concentus.properties" --asterisk="$AST_SHEET" \
    --note="Opus encoders, both servers asked for complexity 10 and 32 kbit/s: rtpengine 10.5 (libavcodec's libopus, fixed settings) encodes what it resampled to 48 kHz; the sidecar (${BACKEND:-see its log}; Concentus on the 'Concentus backend' rows) encodes the trunk's 8 kHz directly." \
    --note="sidecar: codec path warmed up at start (${SIDECAR_OPUS[*]}), as every start does; rtpengine needs no warm-up."
echo "raw output: $OUT"
