#!/bin/sh
# Runs inside `unshare -n`: a private network namespace. Its veth pair, TEST-NET-1 address and default
# route exist only inside it (Firefox gathers no candidates without a default route); nothing leaves it.
# $1 = variant name (mdns | plain); plain adds obfuscate_host_addresses=false to a fresh profile.
set -e
ip link set lo up
ip link add veth0 type veth peer name veth1
ip addr add 192.0.2.10/24 dev veth0
ip link set veth0 up; ip link set veth1 up
ip route add default via 192.0.2.1 dev veth0
cd /tmp/sdpfix/ff
rm -rf results
PROFILE=$(mktemp -d /tmp/sdpfix/ff/profile-XXXXXX)
cp user-base.js "$PROFILE/user.js"
if [ "$1" = plain ]; then echo 'user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);' >> "$PROFILE/user.js"; fi
python3 server.py > http.log 2>&1 &
SRV=$!
sleep 1
firefox-esr --headless --no-remote --profile "$PROFILE" http://127.0.0.1:8090/ff.html > firefox.log 2>&1 &
FF=$!
i=0
while [ $i -lt 90 ] && [ ! -f results/done ] && [ ! -f results/error ]; do sleep 1; i=$((i+1)); done
kill $FF; sleep 2; kill $SRV
cp "$PROFILE/user.js" results/user.js.used
rm -rf "results-$1-v2"; mv results "results-$1-v2"
ls "results-$1-v2"
