#!/usr/bin/env bash
# Installs, from Debian's packages, the real peers the demo and the tests run, and makes sure no packaged
# daemon is left holding SIP or ng ports. Installs only what is missing, so running it again is cheap.
#   deploy/install-deps.sh          what the demo needs (Kamailio with its TLS and secsipid modules, sipp, openssl)
#   deploy/install-deps.sh --tests  what the test suite needs too (rtpengine, tcpdump, ffmpeg, chromium,
#                                   firefox-esr, libnss3-tools, iproute2, iptables, coturn, secsipidx, the softphone's npm
#                                   packages: npm ci in
#                                   deploy/softphone, and Asterisk 22.10.1 built from source into /opt/asterisk:
#                                   see below)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# Real peers of the tests. Add a package here when a test starts a new program.
packages=(
  kamailio kamailio-websocket-modules kamailio-json-modules kamailio-extra-modules
  kamailio-tls-modules      # tls.so: WSS for browsers, SIP over TLS toward a trunk (kamailio.cfg WITH_TLS)
  kamailio-secsipid-modules # secsipid.so: STIR/SHAKEN Identity on INVITEs toward the trunk (WITH_STIR)
  openssl                   # deploy/gen-certs.sh: the test CA, server and STIR/SHAKEN certificates
  sip-tester          # sipp 3.6.1
  curl                # the demo reads the sidecar's /health, /sessions and /metrics
  python3             # the demo parses /sessions
  libopus0            # the sidecar's native Opus (opus-backend = auto); the codec tests fail without it
  libssl3             # OpenSSL 3 libcrypto: the sidecar's DTLS public-key operations; its tests fail without it
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    rtpengine-daemon  # the reference ng server
    tcpdump           # counts the RTP each sipp receives
    ffmpeg            # an Opus/G.711 implementation we did not write (transcoding interop tests)
    chromium          # a browser of the WebRTC tests (headless, driven by playwright-core over CDP)
    firefox-esr       # the other one (headless, driven by puppeteer-core over WebDriver BiDi)
    libnss3-tools     # certutil: puts the test CA into Firefox's profile (wss and TURN/TLS tests)
    openssl           # makes the DTLS certificates the certificate-reload tests load
    iproute2          # ip/ss: the browser tests run in a loopback-only network namespace
    iptables          # the 1:1 NAT that publishes a test edge at its public address (netns.OneToOneNat)
    coturn            # the TURN server browsers relay through (TURN/UDP, TURN/TCP, TURN/TLS tests)
    secsipidx         # an independent STIR/SHAKEN verifier: the trunk side checks Kamailio's Identity header
  )
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  # Keep maintainer scripts from starting kamailio/rtpengine: they would take 5060, 2223 or
  # 22222 and outlive the run. policy-rc.d exit 101 = "action forbidden" for invoke-rc.d and
  # deb-systemd-invoke; removed again unless it was there before us.
  policy=/usr/sbin/policy-rc.d
  own_policy=no
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    own_policy=yes
  fi
  trap '[ "$own_policy" = yes ] && as_root rm -f "$policy"' EXIT
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [ "$own_policy" = yes ]; then
    as_root rm -f "$policy"
    own_policy=no
  fi
fi

# A daemon started anyway (a machine whose policy-rc.d allowed it, or a reused machine):
# stop the units, then the processes named by the packages' own pid files.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for unit in kamailio rtpengine-daemon rtpengine-recording-daemon coturn; do
    as_root systemctl disable --now "$unit" >/dev/null 2>&1 || true
  done
fi
for pidfile in /run/kamailio/kamailio.pid /var/run/kamailio/kamailio.pid \
               /run/rtpengine/rtpengine-daemon.pid /run/rtpengine-daemon.pid \
               /run/rtpengine/rtpengine-recording-daemon.pid /run/turnserver/turnserver.pid \
               /run/turnserver.pid; do
  [ -r "$pidfile" ] || continue
  pid=$(tr -dc '0-9' < "$pidfile")
  [ -n "$pid" ] || continue
  name=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  case "$name" in
    kamailio|rtpengine|rtpengine-recording|turnserver)
      echo "stopping packaged $name (pid $pid from $pidfile)"
      as_root kill "$pid" || true
      ;;
  esac
done

# The browser tests' softphone (deploy/softphone): Node.js 20+ and npm come with the machine image (Debian's
# nodejs 18 is too old for it); its npm packages (jssip, playwright-core, puppeteer-core, esbuild) are installed from the
# committed package-lock.json, again only when missing or when the lock changed.
if [ "${1:-}" = "--tests" ]; then
  softphone="$(cd "$(dirname "$0")" && pwd)/softphone"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node and npm are needed for the browser tests (Node.js 20 or newer); install them first" >&2
    exit 1
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 20 ]; then
    echo "Node.js $(node --version) is too old for deploy/softphone: 20 or newer is needed" >&2
    exit 1
  fi
  installed="$softphone/node_modules/.package-lock.json"
  if [ ! -e "$installed" ] || [ "$softphone/package-lock.json" -nt "$installed" ]; then
    echo "installing the softphone's npm packages (npm ci in $softphone)"
    (cd "$softphone" && npm ci --no-audit --no-fund)
  fi
fi

# Asterisk 22.10.1 for ari-bridge's tests: not packaged for Debian 12, so it is built from source into
# ASTERISK_PREFIX (/opt/asterisk). The build is cached by a stamp in the prefix (same tarballs and recipe:
# build.sh exits in under a second), so CI pays the 2-3 minute build once per machine.
#  - The workplace's ../shared/asterisk (next to the repository) holds the source tarballs and build.sh:
#    that is run as it is (no download).
#  - Elsewhere the official release tarball and its published sha256 are downloaded from
#    downloads.asterisk.org and checked, pjproject 2.17 comes from the place Asterisk's own build fetches
#    it (checked by build.sh against the md5 pinned in the Asterisk source), and deploy/asterisk/build.sh
#    (the same recipe) builds them. This path has not been tried on the project's machines (they reach no
#    other site than the package registries).
if [ "${1:-}" = "--tests" ]; then
  repo="$(cd "$(dirname "$0")/.." && pwd)"
  shared_asterisk="$repo/../shared/asterisk"
  if [ -x "$shared_asterisk/build.sh" ]; then
    as_root bash "$shared_asterisk/build.sh"
  else
    version=22.10.1
    pjproject=2.17
    cache="${ASTERISK_DOWNLOAD_DIR:-/var/cache/rtc-sip-sidecar/asterisk-$version}"
    release="https://downloads.asterisk.org/pub/telephony/asterisk/releases"
    as_root mkdir -p "$cache"
    fetch() { # url file
      [ -s "$2" ] && return 0
      as_root curl -fsSL --retry 3 -o "$2.part" "$1" && as_root mv "$2.part" "$2"
    }
    fetch "$release/asterisk-$version.sha256" "$cache/asterisk-$version.sha256"
    fetch "$release/asterisk-$version.tar.gz" "$cache/asterisk-$version.tar.gz"
    # The published file reads "<sha256>  asterisk-22.10.1.tar.gz".
    want=$(awk '{print $1; exit}' "$cache/asterisk-$version.sha256")
    have=$(sha256sum "$cache/asterisk-$version.tar.gz" | cut -d' ' -f1)
    if [ -z "$want" ] || [ "$want" != "$have" ]; then
      echo "asterisk-$version.tar.gz: sha256 $have does not match the published ${want:-<empty>}; removed" >&2
      as_root rm -f "$cache/asterisk-$version.tar.gz" "$cache/asterisk-$version.sha256"
      exit 1
    fi
    fetch "https://raw.githubusercontent.com/asterisk/third-party/master/pjproject/$pjproject/pjproject-$pjproject.tar.bz2" \
      "$cache/pjproject-$pjproject.tar.bz2"
    as_root env ASTERISK_TARBALL_DIR="$cache" bash "$repo/deploy/asterisk/build.sh"
  fi
fi
