# Shared by the bench scripts (sourced): the sidecar's JVM flags, stopping what they started, and waiting for a sidecar's warm-up.

SERVER_PID=""
# the sidecar's JVM, as deploy/systemd/media-sidecar.service runs it (why ZUncommitDelay: bench/README.md, "A third look";
# why PerfDataSamplingInterval: the unit's comment)
SIDECAR_JVM=(-XX:+UseZGC -Xms256m -Xmx1g -XX:ZUncommitDelay=10 -XX:PerfDataSamplingInterval=1000)
# stop_pid PID...: SIGTERM (a sidecar's orderly shutdown, which also lets the JVM finish its files; a sidecar with
# --kamailio-rpc drains first), then SIGKILL what is still there after 10 s
stop_pid() {
    local p
    for p in "$@"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
    for p in "$@"; do
        [[ -n "$p" ]] || continue
        for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
}

# stop_server: stop_pid on SERVER_PID, then forget it
stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
}

# await_warm HTTP LOG [PID]: until the sidecar PID (default SERVER_PID) has finished its start-up warm-up (/health),
# at most 30 s; returns 1 when it exits first (its log's last lines printed), 0 otherwise (a warm-up still running
# after 30 s is said and the run goes on)
await_warm() {
    local pid=${3:-$SERVER_PID}
    for _ in $(seq 300); do
        curl -sf "http://$1/health" 2>/dev/null | grep -q '"codecs":"warm"' && return 0
        kill -0 "$pid" 2>/dev/null || { echo "! the sidecar ($1) exited: $(tail -3 "$2")"; return 1; }
        sleep 0.1
    done
    echo "! the sidecar ($1) did not finish its warm-up within 30 s"
}

# need_package COMMAND PACKAGE: the Debian package that provides COMMAND, installed when COMMAND is missing and this
# runs as root; otherwise says how to install it and returns 1
need_package() {
    command -v "$1" > /dev/null && return 0
    if [[ $(id -u) == 0 ]]; then
        apt-get install -y -q "$2" > /dev/null
    else
        echo "$1 is not installed: apt-get install $2 (as root)" >&2; return 1
    fi
}

# start_rtpengine NG LOG [OPTION...]: rtpengine as the bench measures it (Debian's rtpengine-daemon, userspace only,
# loopback, log level 4, no delete delay; OPTIONs such as its port range added), in the background; sets SERVER_PID
start_rtpengine() {
    local ng=$1 log=$2
    shift 2
    rtpengine --config-file=none --interface=127.0.0.1 --listen-ng="$ng" "$@" --table=-1 \
        --foreground --log-stderr --log-level=4 --delete-delay=0 > "$log" 2>&1 &
    SERVER_PID=$!
}
