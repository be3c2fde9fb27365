# Shared by bench/profile.sh and bench/compare-builds.sh (sourced): one sidecar at a time, in SERVER_PID.

SERVER_PID=""
# stop_server: SIGTERM (the sidecar's orderly shutdown, which also lets the JVM finish its files), then SIGKILL
# after 10 s
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# await_warm HTTP LOG: until the sidecar started in SERVER_PID has finished its codec warm-up (/health), at most
# 30 s; exits the script when the sidecar exits first
await_warm() {
    for _ in $(seq 300); do
        curl -sf "http://$1/health" 2>/dev/null | grep -q '"codecs":"warm"' && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "! the sidecar exited: $(tail -3 "$2")"; exit 1; }
        sleep 0.1
    done
    echo "! the sidecar did not finish its codec warm-up within 30 s"
}
