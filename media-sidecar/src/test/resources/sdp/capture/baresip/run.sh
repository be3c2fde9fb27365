#!/bin/sh
# Runs inside `unshare -n`: a private network namespace; its veth pair and TEST-NET address exist only here.
ip link set lo up
ip link add veth0 type veth peer name veth1 && ip addr add 192.0.2.10/24 dev veth0 && ip link set veth0 up && ip link set veth1 up && ip route add default via 192.0.2.1 dev veth0
cd /tmp/sdpfix/baresip
rm -f *_messages.log
timeout 30 sipp -sn uas -i 192.0.2.10 -p 5096 -m 1 -trace_msg -bg > uas.out 2>&1
sleep 1
timeout 20 baresip -f /tmp/sdpfix/baresip/conf -e "/dial sip:service@192.0.2.10:5096" -t 6 < /dev/null > baresip.log 2>&1
sleep 1
