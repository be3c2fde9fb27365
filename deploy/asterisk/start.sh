#!/usr/bin/env bash
# Starts the Asterisk that install-deps built (ASTERISK_PREFIX, default /opt/asterisk) on the shipped
# conf-samples/asterisk, with every directory of the instance under WORKDIR (nothing in /etc or /var), in the
# background; waits until ARI answers GET /ari/asterisk/info and prints Asterisk's pid. The demo and the bench
# use it; the tests have the same in Java (testbed's AsteriskProcess).
#   deploy/asterisk/start.sh WORKDIR        start, print the pid (exit 1 with the log tail if it does not come up)
#   deploy/asterisk/start.sh WORKDIR stop   core stop now, then wait until it is gone
# WORKDIR must be short (the control socket's path has to fit into 108 bytes): e.g. /tmp/ast.XXXX.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
prefix=${ASTERISK_PREFIX:-/opt/asterisk}
work=$1
conf=$work/etc/asterisk.conf
if [ "${2:-start}" = stop ]; then
  pid=$(cat "$work/run/asterisk.pid" 2>/dev/null || true)
  timeout 10 "$prefix/sbin/asterisk" -C "$conf" -rx "core stop now" >/dev/null 2>&1 || true
  for _ in $(seq 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  exit 0
fi
[ -x "$prefix/sbin/asterisk" ] || { echo "$prefix/sbin/asterisk not found: deploy/install-deps.sh --tests builds it" >&2; exit 1; }
mkdir -p "$work"/{etc,run,log,spool,lib,cache,data/sounds/en,data/moh,data/agi-bin}
cp "$repo"/conf-samples/asterisk/* "$work/etc/"
sed -e "s#@WORKDIR@#$work#g" -e "s#@PREFIX@#$prefix#g" "$repo/conf-samples/asterisk/asterisk.conf.in" >"$conf"
for d in "$prefix"/var/lib/asterisk/*; do   # rest-api (ARI), documentation, ...; sounds and moh stay the instance's
  [ -e "$work/data/$(basename "$d")" ] || ln -s "$d" "$work/data/$(basename "$d")"
done
"$prefix/sbin/asterisk" -C "$conf" -f -n </dev/null >"$work/log/stdout.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  if curl -sf "http://127.0.0.1:8088/ari/asterisk/info?api_key=ari-bridge:ari-bridge-secret" >/dev/null 2>&1; then
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "Asterisk did not come up (ARI on 127.0.0.1:8088); $work/log:" >&2
tail -n 20 "$work/log/messages.log" "$work/log/stdout.log" >&2 2>/dev/null || true
kill "$pid" 2>/dev/null || true
exit 1
