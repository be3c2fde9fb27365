#!/usr/bin/env bash
# The main job: a real call through media-sidecar on loopback, with its default embedded config, measured.
#   deploy/demo.sh                headless Chromium (JsSIP softphone) --WebSocket--> Kamailio --SIP--> sipp trunk:
#                                 Opus + ICE + DTLS-SRTP on the browser leg, PCMU RTP on the trunk leg, the sidecar
#                                 transcoding between them (kamailio.cfg with WITH_TRANSCODING). Runs as root inside
#                                 a loopback-only network namespace (unshare -n), so every packet stays on 127.0.0.1.
#   deploy/demo.sh --sipp         sipp -> Kamailio -> sipp, PCMU relayed both ways (no browser needed)
#   deploy/demo.sh --interactive  leaves Kamailio, the sidecar, a sipp trunk and the softphone page up on localhost
#                                 for a person: open http://127.0.0.1:8088/ and call sip:service@127.0.0.1:5090
#   deploy/demo.sh --asterisk     headless Chromium registered on Asterisk's own WebSocket (Opus, ICE, DTLS in
#                                 Asterisk) calls a sipp PCMU trunk through the real Asterisk 22 (conf-samples/asterisk,
#                                 built into /opt/asterisk by install-deps), ari-bridge (its AGI hook and Stasis app)
#                                 and media-sidecar (transcoding between Asterisk's two ExternalMedia legs)
# Installs what is missing, builds the jar if needed, prints what it measured, stops everything it started.
# Default ports: ng 127.0.0.1:2223, HTTP 2225, SIP 5060, WebSocket 8080, RTP 30000+.  TALK_SECONDS=10 for longer.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
talk=${TALK_SECONDS:-5}
http=http://127.0.0.1:2225
mode=${1:-browser}
case "$mode" in
  browser|--browser) mode=browser ;;
  --sipp) mode=sipp ;;
  --interactive) mode=interactive ;;
  asterisk|--asterisk) mode=asterisk ;;
  *) echo "usage: deploy/demo.sh [--sipp|--interactive|--asterisk]" >&2; exit 2 ;;
esac

if [ "$mode" = sipp ]; then
  bash deploy/install-deps.sh
else
  bash deploy/install-deps.sh --tests   # adds chromium and the softphone's npm packages
fi
for jar in media-sidecar/target/media-sidecar.jar ari-bridge/target/ari-bridge.jar; do
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src/main -newer "$jar" -print -quit)" ]; then
    mvn -B -q -DskipTests package   # no jar yet, or sources newer than it
    break
  fi
done

if { [ "$mode" = browser ] || [ "$mode" = asterisk ]; } && [ -z "${SIDECAR_DEMO_IN_NETNS:-}" ]; then
  # Chromium gathers ICE candidates on every interface: keep the whole demo in a namespace that has only lo.
  # Asterisk offers no ICE candidate on 127.0.0.0/8: lo also gets 10.255.0.1, which stays inside the namespace.
  exec unshare -n env SIDECAR_DEMO_IN_NETNS=1 bash -c \
    'ip link set lo up && ip addr add 10.255.0.1/32 dev lo && exec bash "$0" "$1"' "$0" "$mode"
fi

work=$(mktemp -d /tmp/sidecar-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 100); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "demo: $what did not come up; logs in $work" >&2
  exit 1
}

if [ "$mode" = asterisk ]; then
  # --- the real Asterisk on the shipped conf-samples/asterisk, every directory under $work/asterisk
  prefix=${ASTERISK_PREFIX:-/opt/asterisk}
  ast=$work/asterisk
  echo "--- starting Asterisk $("$prefix/sbin/asterisk" -V | cut -d' ' -f2) on conf-samples/asterisk, logs in $ast/log"
  bash deploy/asterisk/start.sh "$ast" >/dev/null
  trap 'bash "$root/deploy/asterisk/start.sh" "$ast" stop; cleanup' EXIT
  ari="http://127.0.0.1:8088/ari"
  key="api_key=ari-bridge:ari-bridge-secret"

  echo "--- starting media-sidecar (embedded defaults: ng 127.0.0.1:2223), logs in $work/sidecar.log"
  java -jar media-sidecar/target/media-sidecar.jar >"$work/sidecar.log" 2>&1 &
  pids+=($!)
  wait_for "media-sidecar" curl -sf "$http/health"
  echo "--- starting ari-bridge (embedded defaults: ARI 8088, FastAGI 4573, ops 2227), logs in $work/ari-bridge.log"
  java -jar ari-bridge/target/ari-bridge.jar >"$work/ari-bridge.log" 2>&1 &
  pids+=($!)
  wait_for "ari-bridge" curl -sf http://127.0.0.1:2227/health

  cp conf-samples/sipp/uas-pcmu-rtp.xml conf-samples/sipp/tone-440hz-1s.pcmu "$work/"
  echo "--- sipp trunk on 127.0.0.1:5090 (pjsip.conf [trunk]: PCMU only, plays 440 Hz), tcpdump on its RTP port"
  tcpdump -i lo -n -U -w "$work/trunk-rtp.pcap" udp port 6000 >"$work/tcpdump.log" 2>&1 &
  capture=$!
  pids+=($capture)
  (cd "$work" && exec sipp -sf uas-pcmu-rtp.xml -i 127.0.0.1 -p 5090 -mi 127.0.0.1 -mp 6000 -m 1 -nostdin \
    -timeout $((talk + 40))s -timeout_error >uas.out 2>&1) &
  uas=$!
  pids+=($uas)
  sleep 0.5
  echo "--- headless Chromium registers as webrtc on ws://127.0.0.1:8088/ws, calls 300, plays 1000 Hz, ${talk} s"
  (cd deploy/softphone && exec node drive.mjs --ws ws://127.0.0.1:8088/ws --user webrtc --password webrtc-secret \
    --call sip:300@127.0.0.1 --tone-hz 1000 --talk-ms $((talk * 1000 + 2000)) \
    --out "$work/browser.json" >"$work/browser.out" 2>&1) &
  browser=$!
  pids+=($browser)
  for _ in $(seq 1 300); do grep -q '^heard' "$work/browser.out" 2>/dev/null && break; sleep 0.1; done
  curl -sf http://127.0.0.1:2227/calls >"$work/calls-during-call.json" || echo "[]" >"$work/calls-during-call.json"
  curl -sf "$http/sessions" >"$work/sessions-during-call.json" || echo "[]" >"$work/sessions-during-call.json"
  curl -sf "$ari/channels?$key" >"$work/channels-during-call.json" || echo "[]" >"$work/channels-during-call.json"
  set +e
  wait $browser; browser_exit=$?
  wait $uas; uas_exit=$?
  set -e
  sleep 0.5
  curl -sf "$http/metrics" >"$work/metrics-after-call.txt"
  curl -sf http://127.0.0.1:2227/metrics >"$work/ari-bridge-metrics.txt"
  curl -sf "$ari/channels?$key" >"$work/channels-after-call.json"
  curl -sf "$ari/bridges?$key" >"$work/bridges-after-call.json"
  kill "$capture" 2>/dev/null || true   # tcpdump: flush the capture
  sleep 0.3
  cd "$work"
  python3 - "$browser_exit" "$uas_exit" <<'PY'
import json, math, struct, sys
browser_exit, uas_exit = int(sys.argv[1]), int(sys.argv[2])
b = json.load(open("browser.json"))
calls = json.load(open("calls-during-call.json"))
sessions = json.load(open("sessions-during-call.json"))
channels = json.load(open("channels-during-call.json"))
def metrics(path):
    out = {}
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out
m, am = metrics("metrics-after-call.txt"), metrics("ari-bridge-metrics.txt")

def ulaw(byte):  # G.711 mu-law to linear (ITU-T G.711)
    byte = ~byte & 0xff
    sign, exponent, mantissa = byte & 0x80, (byte >> 4) & 7, byte & 0x0f
    value = ((mantissa << 3) + 0x84) << exponent
    return -(value - 0x84) if sign else value - 0x84
def trunk_heard(path, port=6000):  # PCMU payloads tcpdump saw arriving at the trunk (Linux cooked or Ethernet)
    data = open(path, "rb").read()
    link = struct.unpack("<I", data[20:24])[0]
    pcm, at = [], 24
    while at + 16 <= len(data):
        caplen = struct.unpack("<I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        ip = {1: 14, 113: 16, 276: 20}.get(link, 14)
        if len(frame) < ip + 28 or frame[ip + 9] != 17:
            continue
        udp = ip + (frame[ip] & 0x0f) * 4
        if struct.unpack(">H", frame[udp + 2:udp + 4])[0] != port or frame[udp + 9] & 0x7f != 0:
            continue
        pcm.extend(ulaw(x) for x in frame[udp + 20:])
    return pcm
def goertzel(x, f, rate=8000):
    w = 2 * math.pi * f / rate
    c, s1, s2 = 2 * math.cos(w), 0.0, 0.0
    for v in x:
        s1, s2 = v + c * s1 - s2, s1
    return s1 * s1 + s2 * s2 - c * s1 * s2
pcm = trunk_heard("trunk-rtp.pcap")
seg = pcm[8000:12000]   # half a second, one second in
trunk_hz = max(range(100, 3900, 10), key=lambda f: goertzel(seg, f)) if len(seg) == 4000 else 0

st = b.get("stats") or {}
tr = st.get("transport") or {}
inbound, outbound = st.get("inbound") or {}, st.get("outbound") or {}
heard = (b.get("heard") or {}).get("dominantHz") or 0
print()
print("=== a browser call through Asterisk, ari-bridge and media-sidecar, measured")
print(f"call set-up and BYE        : {'ok' if browser_exit == 0 and uas_exit == 0 else 'FAILED'} "
      f"(browser driver exit {browser_exit}, sipp trunk exit {uas_exit})")
print(f"browser leg (Asterisk)     : {inbound.get('codec', {}).get('mimeType')} in, "
      f"{outbound.get('codec', {}).get('mimeType')} out, ICE {tr.get('iceState')} + DTLS {tr.get('dtlsState')} "
      f"({tr.get('srtpCipher')}) {b.get('connectedAfterMs') or 0:.0f} ms after the answer, "
      f"{inbound.get('packetsReceived')} packets received, {outbound.get('packetsSent')} sent")
print(f"the browser heard          : {heard:.1f} Hz (the trunk plays 440 Hz)")
print(f"the trunk heard            : {trunk_hz} Hz in {len(pcm) // 160} PCMU packets (the browser plays 1000 Hz)")
for c in calls:
    print(f"ari-bridge call            : {c['callId']} {c['state']} {c['callerCodec']}<->{c['targetCodec']} "
          f"{c['dial']} (routed by the AGI hook: sidecar)")
print(f"Asterisk channels mid-call : {', '.join(sorted(ch['name'].split('-')[0] for ch in channels))}")
for call in sessions:
    for tag, leg in call["tags"].items():
        for media in leg["medias"]:
            for s in media["streams"]:
                print(f"sidecar leg {tag:6s}         : {s.get('transport', '?')} {media.get('codec', '')} "
                      f"{'(transcoding) ' if 'transcoding' in media['flags'] else ''}{s['stats']['packets']} frames in,"
                      f" {s['stats']['errors']} errors (mid-call)")
frames = m.get("sidecar_transcoded_frames_total", 0)
print(f"whole call                 : {int(frames)} frames transcoded, "
      f"{int(am.get('ari_bridge_dtmf_relayed_total', 0))} DTMF relayed, "
      f"ari-bridge errors {int(sum(v for k, v in am.items() if k.startswith('ari_bridge_errors_total')))}")
left_channels, left_bridges = json.load(open("channels-after-call.json")), json.load(open("bridges-after-call.json"))
print(f"after BYE                  : Asterisk {len(left_channels)} channels, {len(left_bridges)} bridges; "
      f"media-sidecar {int(m.get('sidecar_sessions', -1))} sessions, {int(m.get('sidecar_ports_in_use', -1))} ports "
      f"in use; ari-bridge {int(am.get('ari_bridge_active_calls', -1))} calls")
ok = browser_exit == 0 and uas_exit == 0 and abs(heard - 440) < 5 and abs(trunk_hz - 1000) <= 10 and frames > 0 \
    and inbound.get("codec", {}).get("mimeType") == "audio/opus" and not left_channels and not left_bridges \
    and m.get("sidecar_sessions") == 0 and m.get("sidecar_ports_in_use") == 0 and am.get("ari_bridge_active_calls") == 0
print("result                     :", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
  exit $?
fi

echo "--- starting media-sidecar (embedded defaults), logs in $work/sidecar.log"
java -jar media-sidecar/target/media-sidecar.jar >"$work/sidecar.log" 2>&1 &
pids+=($!)
wait_for "media-sidecar" curl -sf "$http/health"

echo "--- starting Kamailio with conf-samples/kamailio/kamailio.cfg, logs in $work/kamailio.log"
mkdir -p "$work/kamailio"
defines=(-A CHILDREN=2)
[ "$mode" = sipp ] || defines+=(-A WITH_TRANSCODING)
kamailio -f conf-samples/kamailio/kamailio.cfg -DD -E -Y "$work/kamailio" -w "$work/kamailio" -m 64 -M 8 \
  "${defines[@]}" >"$work/kamailio.log" 2>&1 &
pids+=($!)
wait_for "Kamailio" curl -sf -d '{"jsonrpc":"2.0","method":"core.version","id":1}' http://127.0.0.1:5071/RPC

if [ "$mode" = interactive ]; then
  cp conf-samples/sipp/uas-pcmu-rtp.xml conf-samples/sipp/tone-440hz-1s.pcmu "$work/"
  (cd "$work" && sipp -sf uas-pcmu-rtp.xml -i 127.0.0.1 -p 5090 -mi 127.0.0.1 -mp 6000 -m 1000 -nostdin \
    -bg >/dev/null 2>&1) || true
  (cd deploy/softphone && node serve.mjs --host 127.0.0.1 --port 8088 >"$work/softphone.log" 2>&1) &
  pids+=($!)
  echo
  echo "=== ready: open http://127.0.0.1:8088/?ws=ws://127.0.0.1:8080/ in a browser on this machine,"
  echo "    register any user, call sip:service@127.0.0.1:5090 (a sipp trunk playing 440 Hz, PCMU)."
  echo "    Sessions: curl $http/sessions   Metrics: curl $http/metrics   Ctrl-C stops everything."
  trap 'pkill -f "sipp -sf uas-pcmu-rtp.xml -i 127.0.0.1 -p 5090" || true; cleanup' EXIT
  wait
  exit 0
fi

if [ "$mode" = browser ]; then
  cp conf-samples/sipp/uas-pcmu-rtp.xml conf-samples/sipp/tone-440hz-1s.pcmu "$work/"
  echo "--- sipp trunk on 127.0.0.1:5090 (PCMU, plays 440 Hz); headless Chromium calls it, playing 1000 Hz, ${talk} s"
  (cd "$work" && exec sipp -sf uas-pcmu-rtp.xml -i 127.0.0.1 -p 5090 -mi 127.0.0.1 -mp 6000 -m 1 -nostdin \
    -timeout $((talk + 40))s -timeout_error -trace_msg -message_file uas-messages.log >uas.out 2>&1) &
  uas=$!
  pids+=($uas)
  sleep 0.5
  (cd deploy/softphone && exec node drive.mjs --ws ws://127.0.0.1:8080/ --user alice \
    --call sip:service@127.0.0.1:5090 --tone-hz 1000 --talk-ms $((talk * 1000)) \
    --out "$work/browser.json" >"$work/browser.out" 2>&1) &
  browser=$!
  pids+=($browser)
  for _ in $(seq 1 200); do grep -q confirmed "$work/browser.out" 2>/dev/null && break; sleep 0.1; done
  sleep $((talk > 2 ? talk - 1 : 1))
  curl -sf "$http/sessions" >"$work/sessions-during-call.json" || echo "[]" >"$work/sessions-during-call.json"
  set +e
  wait $browser; browser_exit=$?
  wait $uas; uas_exit=$?
  set -e
  sleep 0.3
  curl -sf "$http/metrics" >"$work/metrics-after-call.txt"
  cd "$work"
  python3 - "$browser_exit" "$uas_exit" <<'PY'
import json, sys
browser_exit, uas_exit = int(sys.argv[1]), int(sys.argv[2])
b = json.load(open("browser.json"))
calls = json.load(open("sessions-during-call.json"))
metrics = {}
for line in open("metrics-after-call.txt"):
    if line and not line.startswith("#"):
        name, _, value = line.rpartition(" ")
        metrics[name] = float(value)
st = b.get("stats") or {}
tr = st.get("transport", {})
heard = (b.get("heard") or {}).get("dominantHz") or 0
print()
print("=== a browser call through media-sidecar, measured")
print(f"call set-up and BYE        : {'ok' if browser_exit == 0 and uas_exit == 0 else 'FAILED'} "
      f"(browser driver exit {browser_exit}, sipp trunk exit {uas_exit})")
print(f"browser leg                : {st.get('inbound', {}).get('codec', {}).get('mimeType')} over ICE "
      f"{tr.get('iceState')} + DTLS {tr.get('dtlsState')} ({tr.get('srtpCipher')}), "
      f"{st.get('inbound', {}).get('packetsReceived')} packets received, {st.get('outbound', {}).get('packetsSent')} sent")
print(f"the browser heard          : {heard:.1f} Hz (the trunk plays 440 Hz)")
for call in calls:
    for tag, leg in call["tags"].items():
        for media in leg["medias"]:
            rtp = [s for s in media["streams"] if "RTP" in s["flags"]]
            for s in rtp:
                print(f"sidecar leg {tag[:12]:12s}: {media.get('protocol')} {media.get('codec', '')} "
                      f"{'(transcoding) ' if 'transcoding' in media['flags'] else ''}port {s['local port']}: "
                      f"{s['stats']['packets']} packets in, {s['stats']['errors']} errors (mid-call)")
frames = metrics.get("sidecar_transcoded_frames_total", 0)
drops = {k.split('"')[1]: v for k, v in metrics.items() if k.startswith("sidecar_dropped_packets_total") and v}
print(f"whole call                 : {int(frames)} frames transcoded, {int(metrics.get('sidecar_dtls_handshakes_total', 0))} "
      f"DTLS handshake(s), drops {drops or 'none'}")
print(f"after BYE                  : {int(metrics.get('sidecar_sessions', -1))} sessions, "
      f"{int(metrics.get('sidecar_ports_in_use', -1))} media ports in use")
ok = browser_exit == 0 and uas_exit == 0 and abs(heard - 440) < 5 and frames > 0 \
    and metrics.get("sidecar_sessions") == 0 and metrics.get("sidecar_ports_in_use") == 0
print("result                     :", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
  exit $?
fi

cp conf-samples/sipp/*.xml conf-samples/sipp/tone-440hz-1s.pcmu "$work/"
cd "$work"
echo "--- sipp UAS on 127.0.0.1:5090 (RTP 6000), sipp UAC on 127.0.0.1:5091 (RTP 6010): one call, ${talk} s"
sipp -sf uas-pcmu-rtp.xml -i 127.0.0.1 -p 5090 -mi 127.0.0.1 -mp 6000 -m 1 -nostdin \
  -timeout $((talk + 20))s -timeout_error -trace_msg -message_file uas-messages.log >uas.out 2>&1 &
uas=$!
pids+=($uas)
sleep 0.5
sipp -sf uac-pcmu-rtp.xml 127.0.0.1:5060 -i 127.0.0.1 -p 5091 -mi 127.0.0.1 -mp 6010 -m 1 -l 1 -nostdin \
  -key callee sip:service@127.0.0.1:5090 -d $((talk * 1000)) \
  -timeout $((talk + 15))s -timeout_error -trace_msg -message_file uac-messages.log >uac.out 2>&1 &
uac=$!
pids+=($uac)
sleep $((talk > 2 ? talk - 1 : 1))
curl -sf "$http/sessions" >sessions-during-call.json || echo "[]" >sessions-during-call.json
set +e
wait $uac; uac_exit=$?
wait $uas; uas_exit=$?
set -e
sleep 0.3
curl -sf "$http/metrics" >metrics-after-call.txt

python3 - "$uac_exit" "$uas_exit" <<'PY'
import json, re, sys
uac_exit, uas_exit = int(sys.argv[1]), int(sys.argv[2])
def sdp_audio(log, direction):
    # the SDP of the first INVITE (UAS log) or 200 OK (UAC log) that sipp received
    text = open(log, encoding="latin-1").read()
    m = re.search(direction + r".*?c=IN IP4 (\S+).*?m=audio (\d+) (\S+)", text, re.S)
    return (m.group(1), m.group(2), m.group(3)) if m else ("?", "?", "?")
calls = json.load(open("sessions-during-call.json"))
metrics = {}
for line in open("metrics-after-call.txt"):
    if line and not line.startswith("#"):
        name, _, value = line.rpartition(" ")
        metrics[name] = float(value)
offer = sdp_audio("uas-messages.log", r"received.*?INVITE sip:")
answer = sdp_audio("uac-messages.log", r"received.*?SIP/2.0 200 OK")
print()
print("=== one call through media-sidecar, measured")
print(f"call set-up and BYE        : {'ok' if uac_exit == 0 and uas_exit == 0 else 'FAILED'} "
      f"(sipp UAC exit {uac_exit}, UAS exit {uas_exit})")
def anchored(port):
    return "a sidecar port" if port.isdigit() and 30000 <= int(port) <= 40000 else "NOT a sidecar port"
print(f"SDP the callee got         : c={offer[0]} m=audio {offer[1]} {offer[2]}  ({anchored(offer[1])}; caller is on 6010)")
print(f"SDP the caller got         : c={answer[0]} m=audio {answer[1]} {answer[2]}  ({anchored(answer[1])}; callee is on 6000)")
for call in calls:
    for tag, leg in call["tags"].items():
        for media in leg["medias"]:
            for s in media["streams"]:
                if "RTP" in s["flags"]:
                    ep = s.get("endpoint", {})
                    print(f"RTP from {ep.get('address')}:{ep.get('port')} into sidecar port {s['local port']}: "
                          f"{s['stats']['packets']} packets, {s['stats']['bytes']} bytes, {s['stats']['errors']} errors (mid-call)")
rtp_in = metrics.get('sidecar_packets_total{kind="rtp"}', 0)
fwd = metrics.get("sidecar_forwarded_packets_total", 0)
drops = sum(v for k, v in metrics.items() if k.startswith("sidecar_dropped_packets_total"))
print(f"whole call                 : {int(rtp_in)} RTP packets received, {int(fwd)} forwarded, {int(drops)} dropped")
print(f"after BYE                  : {int(metrics.get('sidecar_sessions', -1))} sessions, "
      f"{int(metrics.get('sidecar_ports_in_use', -1))} media ports in use")
ok = uac_exit == 0 and uas_exit == 0 and fwd > 0 and anchored(offer[1]) == anchored(answer[1]) == "a sidecar port" \
    and metrics.get("sidecar_sessions") == 0 \
    and metrics.get("sidecar_ports_in_use") == 0
print("result                     :", "PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
