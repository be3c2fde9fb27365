#!/usr/bin/env bash
# The main job: a real call through media-sidecar on loopback, with its default embedded config, measured.
#   deploy/demo.sh                headless Chromium (JsSIP softphone, page over https) --wss--> Kamailio --SIP--> sipp
#                                 trunk: the shipped kamailio.cfg's defaults (WSS with certificates from
#                                 deploy/gen-certs.sh, the browser authenticated as alice), Opus + ICE + DTLS-SRTP on
#                                 the browser leg, PCMU RTP on the trunk leg, the sidecar transcoding between them
#                                 (kamailio.cfg with WITH_TRANSCODING). Runs as root inside a loopback-only network
#                                 namespace (unshare -n), so every packet stays on 127.0.0.1.
#   deploy/demo.sh --sipp         sipp -> Kamailio -> sipp, PCMU relayed both ways (no browser needed)
#   deploy/demo.sh --interactive  leaves Kamailio, the sidecar, a sipp trunk and the softphone page up on localhost
#                                 for a person: open http://127.0.0.1:8088/ and call sip:service@127.0.0.1:5090
# Installs what is missing, builds the jar if needed, prints what it measured, stops everything it started.
# Default ports: ng 127.0.0.1:2223, HTTP 2225, SIP 5060, SIP-TLS 5061, WebSocket 8080, WSS 8443, RTP 30000+.
# TALK_SECONDS=10 for longer.
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
  *) echo "usage: deploy/demo.sh [--sipp|--interactive]" >&2; exit 2 ;;
esac

if [ "$mode" = sipp ]; then
  bash deploy/install-deps.sh
else
  bash deploy/install-deps.sh --tests   # adds chromium and the softphone's npm packages
fi
jar=media-sidecar/target/media-sidecar.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src/main -newer "$jar" -print -quit)" ]; then
  mvn -B -q -DskipTests package   # no jar yet, or sources newer than it
fi

if [ "$mode" = browser ] && [ -z "${SIDECAR_DEMO_IN_NETNS:-}" ]; then
  # Chromium gathers ICE candidates on every interface: keep the whole demo in a namespace that has only lo.
  exec unshare -n env SIDECAR_DEMO_IN_NETNS=1 bash -c 'ip link set lo up && exec bash "$0" browser' "$0"
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

echo "--- starting media-sidecar (embedded defaults), logs in $work/sidecar.log"
java -jar media-sidecar/target/media-sidecar.jar >"$work/sidecar.log" 2>&1 &
pids+=($!)
wait_for "media-sidecar" curl -sf "$http/health"

echo "--- certificates (deploy/gen-certs.sh) in $work/certs"
bash deploy/gen-certs.sh "$work/certs" >/dev/null
# the shipped tls.cfg reads /etc/kamailio/tls/: point a copy of it at the demo's certificates
sed "s#/etc/kamailio/tls/#$work/certs/#" conf-samples/kamailio/tls.cfg >"$work/tls.cfg"

echo "--- starting Kamailio with conf-samples/kamailio/kamailio.cfg, logs in $work/kamailio.log"
mkdir -p "$work/kamailio"
defines=(-A CHILDREN=2 -A "TLS_CONFIG=\"$work/tls.cfg\"")
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
  echo "    register as alice (password alice-secret), call sip:service@127.0.0.1:5090 (a sipp trunk playing"
  echo "    440 Hz, PCMU). wss://127.0.0.1:8443/ works too once the browser trusts $work/certs/ca-cert.pem."
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
  (cd deploy/softphone && exec node drive.mjs --ws wss://127.0.0.1:8443/ --user alice --password alice-secret \
    --trust-spki "$(cat "$work/certs/ca-spki.txt")" \
    --page-cert "$work/certs/edge-fullchain.pem" --page-key "$work/certs/edge-key.pem" \
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
import json, re, sys
browser_exit, uas_exit = int(sys.argv[1]), int(sys.argv[2])
wss = re.search(r"tls: WebSocket from \S+ over tls, (\S+) (\S+)", open("kamailio.log", encoding="latin-1").read())
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
print(f"signalling                 : wss, {wss.group(1) + ' ' + wss.group(2) if wss else 'no TLS logged'}, "
      f"alice authenticated (digest)")
print(f"browser leg                : {(st.get('inbound') or {}).get('codec', {}).get('mimeType')} over ICE "
      f"{tr.get('iceState')} + DTLS {tr.get('dtlsState')} ({tr.get('srtpCipher')}), "
      f"{(st.get('inbound') or {}).get('packetsReceived')} packets received, {(st.get('outbound') or {}).get('packetsSent')} sent")
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
