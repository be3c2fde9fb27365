#!/usr/bin/env bash
# The README's test command: installs the real peers the tests run (Kamailio 5.6, sipp, rtpengine, tcpdump, Chromium,
# coturn, secsipidx, ...; Asterisk 22.10.1 built into /opt/asterisk),
# prints their versions, then runs every test of every module with `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh --tests

echo "--- versions"
version() { "$@" 2>&1 | sed -n 1p || true; }
version java -version
version mvn -v
version kamailio -v
sipp -v 2>&1 | grep -m 1 SIPp || true
version rtpengine --version
version tcpdump --version
version ffmpeg -version
version chromium --version
version firefox-esr --version
version node --version
version openssl version
version turnserver --version
version secsipidx -version
version /opt/asterisk/sbin/asterisk -V

echo "--- mvn -B verify"
mvn -B verify
