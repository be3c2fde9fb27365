#!/bin/sh
# Runs inside `unshare -n`: only a loopback interface exists, so nothing can leave the machine.
set -e
ip link set lo up
cd /tmp/sdpfix/pw
python3 -m http.server 8088 --bind 127.0.0.1 --directory www > http.log 2>&1 &
HTTP=$!
rm -f ws-frames.jsonl
node wsserver.js ws-frames.jsonl &
WS=$!
sleep 1
node capture.js results.json || echo "capture failed"
kill $HTTP $WS
