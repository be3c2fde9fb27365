#!/bin/sh
# Runs inside `unshare -n`: a private network namespace; its veth pair and TEST-NET address exist only here.
ip link set lo up
ip link add veth0 type veth peer name veth1 && ip addr add 192.0.2.10/24 dev veth0 && ip link set veth0 up && ip link set veth1 up && ip route add default via 192.0.2.1 dev veth0
cd /tmp/sdpfix/linphone
rm -f *_messages.log
export HOME=/tmp/sdpfix/linphone/home; mkdir -p $HOME
timeout 40 sipp -sn uas -i 192.0.2.10 -p 5097 -m 1 -trace_msg -bg > uas.out 2>&1
sleep 1
(sleep 4; echo "ports sip 5072"; sleep 1; echo "ports"; echo "call sip:service@192.0.2.10:5097"; sleep 6; echo "terminate"; sleep 1; echo "quit") | timeout 30 linphonec -c /tmp/sdpfix/linphone/linphonerc > linphonec.log 2>&1
sleep 1
