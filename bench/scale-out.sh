#!/usr/bin/env bash
# Scale-out (issue 13, item 6), started by `bench/run.sh --scale-out [--quick]`: Kamailio (the shipped
# conf-samples/kamailio/kamailio.cfg, started as testbed's KamailioProcess starts it) in front of an rtpengine set
# of one sidecar, then of two (weight 1 each), every sidecar limited to one core with taskset; the generator sets
# passthrough calls up with SIP through Kamailio and ramps each to its knee, then holds calls on a fresh pair and
# drains (SIGTERM) one of the two, and again kills (SIGKILL) one: calls that lost media, new calls failed, time to
# recover. Usage: bench/scale-out.sh MODE TMPDIR (MODE quick or full; size of the fault runs: FAULT_CALLS; SMOKE_CALLS=N
# holds N calls instead of each ramp, to prove the chain end to end in seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}
TMP=${2:-bench/results/tmp}
mkdir -p "$TMP"
FAULT_CALLS=${FAULT_CALLS:-$([[ $MODE == quick ]] && echo 20 || echo 100)}
MAX_SECONDS=${MAX_SECONDS:-0}
if [[ -n ${SMOKE_CALLS:-} ]]; then LOAD=(--scenarios= --hold="passthrough-pcmu:$SMOKE_CALLS"); else LOAD=(--scenarios=passthrough-pcmu); fi

NG_A=127.0.0.1:22323; HTTP_A=127.0.0.1:22324; PORTS_A=(--port-min=20000 --port-max=24999)
NG_B=127.0.0.1:22325; HTTP_B=127.0.0.1:22326; PORTS_B=(--port-min=25000 --port-max=29999)
SPLIT_PORT=25000
KAM_SIP=22330; KAM_WS=22331; KAM_RPC=22332
GENERATOR=(java -Xms512m -Xmx512m -Djava.awt.headless=true -jar bench/target/bench.jar)
CORES=$(nproc)

source bench/lib.sh
PIDS=()
stop_all() {
    stop_pid "${PIDS[@]}" # sidecars with --kamailio-rpc drain first: SIGKILL after 10 s
    PIDS=()
}
trap stop_all EXIT

# as deployed: each sidecar knows Kamailio's JSON-RPC, so a drained one takes itself out of the set (rtpengine.enable 0)
start_sidecar() { # start_sidecar CORE NG HTTP LOG PORT-ARGS...: sets SIDECAR_PID
    local core=$1 ng=$2 http=$3 log=$4; shift 4
    taskset -c "$core" java "${SIDECAR_JVM[@]}" -jar media-sidecar/target/media-sidecar.jar --listen-ng="$ng" \
        --listen-http="$http" "$@" --drain-timeout=30 --kamailio-rpc="http://127.0.0.1:$KAM_RPC/RPC" \
        --log-level=4 > "$log" 2>&1 &
    SIDECAR_PID=$!
    PIDS+=("$SIDECAR_PID")
    await_warm "$http" "$log" "$SIDECAR_PID"
}

# The plain edge (no TLS, no digest auth, as the test bed's plain Kamailio) and no topoh either: the generator plays
# both user agents and matches each INVITE by its Call-ID, which topoh masks on the way through.
start_kamailio() { # start_kamailio NG-URLS: the shipped cfg, its rtpengine set = NG-URLS; sets KAM_PID
    local run; run=$(realpath "$(mktemp -d "$TMP/kamailio-XXXX")") # absolute: Kamailio changes to it (-w) first
    kamailio -f conf-samples/kamailio/kamailio.cfg -DD -E -Y "$run" -w "$run" -m 64 -M 8 \
        -A "SIDECAR_NG=\"$1\"" -A SIP_IP=127.0.0.1 -A SIP_PORT=$KAM_SIP -A WS_PORT=$KAM_WS \
        -A RPC_IP=127.0.0.1 -A RPC_PORT=$KAM_RPC -A CHILDREN=2 -A WITHOUT_TLS -A WITHOUT_AUTH -A WITHOUT_TOPOH > "$run/kamailio.log" 2>&1 &
    KAM_PID=$!
    PIDS+=("$KAM_PID")
    for _ in $(seq 100); do
        # ready when its rtpengine RPC lists the set: before that it answers "Initializing - try later", and a
        # sidecar's rtpengine.enable (at start) or disable (when drained) would wait for its retry
        curl -sf -d '{"jsonrpc":"2.0","method":"rtpengine.show","params":["all"],"id":1}' \
            "http://127.0.0.1:$KAM_RPC/RPC" 2>/dev/null | grep -q '"result"' && return 0
        kill -0 "$KAM_PID" 2>/dev/null || { echo "! Kamailio exited: $(tail -5 "$run/kamailio.log")"; return 1; }
        sleep 0.2
    done
    echo "! Kamailio's rtpengine RPC did not answer within 20 s"; return 1
}

# generate LABEL OUT [more generator options]: passthrough calls through Kamailio
generate() {
    local label=$1 out=$2; shift 2
    "${GENERATOR[@]}" load --mode="$MODE" --ng=$NG_A --server-pid="$SIDECAR_A" --label="$label" \
        --kamailio=127.0.0.1:$KAM_SIP --max-seconds="$MAX_SECONDS" --out="$out" "$@" \
        || echo "! generator exit $? ($label)"
}

pair() { # pair STEP: a fresh pair, SIDECAR_A on core 0, SIDECAR_B on core 1 (core 0 again on a 1-core machine)
    start_sidecar 0 $NG_A $HTTP_A "$TMP/sidecar-a-$1.log" "${PORTS_A[@]}"; SIDECAR_A=$SIDECAR_PID
    start_sidecar $(( CORES > 1 ? 1 : 0 )) $NG_B $HTTP_B "$TMP/sidecar-b-$1.log" "${PORTS_B[@]}"; SIDECAR_B=$SIDECAR_PID
    start_kamailio "udp:$NG_A=1 udp:$NG_B=1"
}

echo "=== scale-out, $MODE, $(date -Is): Kamailio $(kamailio -v 2>/dev/null | head -1 | awk '{print $3}') (shipped cfg),"\
     "sidecars $(git rev-parse --short HEAD 2>/dev/null || echo 'working tree') each on one core (taskset), $CORES cores"
rm -f "$TMP"/scale-*.properties

echo; echo "=== 1/4 one sidecar (core 0) behind Kamailio: passthrough ramp with SIP"
start_sidecar 0 $NG_A $HTTP_A "$TMP/sidecar-a-one.log" "${PORTS_A[@]}"; SIDECAR_A=$SIDECAR_PID
start_kamailio "udp:$NG_A=1"
generate "one sidecar behind Kamailio" "$TMP/scale-one.properties" "${LOAD[@]}"
stop_all

echo; echo "=== 2/4 two sidecars (cores 0 and 1) behind Kamailio: passthrough ramp with SIP, placement split"
pair two
generate "two sidecars behind Kamailio" "$TMP/scale-two.properties" "${LOAD[@]}" \
    --also-counted="$SIDECAR_B" --split-port=$SPLIT_PORT
stop_all

echo; echo "=== 3/4 two sidecars, $FAULT_CALLS calls, then the second one drained (SIGTERM)"
pair drain
generate "two sidecars, one drained" "$TMP/scale-drain.properties" --scenarios= --also-counted="$SIDECAR_B" \
    --split-port=$SPLIT_PORT --fault="drain:$SIDECAR_B:$FAULT_CALLS"
stop_all

echo; echo "=== 4/4 two sidecars, $FAULT_CALLS calls, then the second one killed (SIGKILL)"
pair kill
generate "two sidecars, one killed" "$TMP/scale-kill.properties" --scenarios= --also-counted="$SIDECAR_B" \
    --split-port=$SPLIT_PORT --fault="kill:$SIDECAR_B:$FAULT_CALLS"
stop_all

value() { sed -n "s/^$2=//p" "$TMP/$1" 2>/dev/null | head -1; }
ONE=$(value scale-one.properties passthrough-pcmu.knee.calls)
TWO=$(value scale-two.properties passthrough-pcmu.knee.calls)
echo; echo "=== scale-out results"
echo "knee, passthrough through Kamailio: one sidecar ${ONE:-?} ($(value scale-one.properties passthrough-pcmu.knee.bound)),"\
     "two ${TWO:-?} ($(value scale-two.properties passthrough-pcmu.knee.bound)): ratio"\
     "$(awk -v a="${ONE:-0}" -v b="${TWO:-0}" 'BEGIN { if (a > 0) printf "%.2fx", b / a; else print "?" }') (target >= 1.9x)"
echo "placement at the pair's last step: $(value scale-two.properties passthrough-pcmu.last-step.placed-first) on the first,"\
     "$(value scale-two.properties passthrough-pcmu.last-step.placed-second) on the second"
for f in drain kill; do
    echo "$f of the second under $(value scale-$f.properties scaleout.$f.calls) calls" \
         "(placed $(value scale-$f.properties scaleout.$f.placed-first) / $(value scale-$f.properties scaleout.$f.placed-second)):" \
         "$(value scale-$f.properties scaleout.$f.calls-failed) calls lost media," \
         "of $(value scale-$f.properties scaleout.$f.new-calls) new calls $(value scale-$f.properties scaleout.$f.new-calls-failed) failed" \
         "($(value scale-$f.properties scaleout.$f.new-placed-first) / $(value scale-$f.properties scaleout.$f.new-placed-second) placed," \
         "slowest set-up $(value scale-$f.properties scaleout.$f.new-call-setup-max-ms) ms), all up $(value scale-$f.properties scaleout.$f.recovered-ms) ms after"
done
