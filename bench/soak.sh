#!/usr/bin/env bash
# Faults under load by hand (issue 12, item 6): sipp through the shipped Kamailio 5.6 cfg with RTP both ways
# through media-sidecar for 10 minutes, then kill -9 (and SIGSTOP) of one of two sidecars under load and its restart on
# the same ports. The same JUnit test CI runs for 60 s (media-sidecar it/FaultsUnderLoadTest), only longer; the
# kill -9 and SIGSTOP runs only here (-Dfaults.fail-over=true): see the test's comment.
#
#   bench/soak.sh                         10 minutes at 20 concurrent calls, then the kill -9 and SIGSTOP runs
#   bench/soak.sh --minutes=30 --concurrent=50
#
# Asserts 0 failed calls, 0 sessions and 0 bound media ports after, live heap (after a full GC) and descriptors
# flat; prints one [soak], one [kill-9] and one [sigstop] line with the figures and writes everything to
# bench/results/<date>-soak.txt. Runs in a network namespace of its own when it can (root: unshare -n), so its
# ports meet nobody else's. Needs kamailio, sipp and a JDK 17 (deploy/install-deps.sh --tests).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=10
CONCURRENT=20
for arg in "$@"; do
    case "$arg" in
        --minutes=*) MINUTES=${arg#*=} ;;
        --concurrent=*) CONCURRENT=${arg#*=} ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 64 ;;
    esac
done
[[ $MINUTES =~ ^[1-9][0-9]*$ && $MINUTES -le 240 ]] || { echo "--minutes: 1..240" >&2; exit 64; }
[[ $CONCURRENT =~ ^[1-9][0-9]*$ && $CONCURRENT -le 200 ]] || { echo "--concurrent: 1..200" >&2; exit 64; }

mkdir -p bench/results
OUT=bench/results/$(date +%Y-%m-%d-%H%M)-soak.txt
MVN=(mvn -B -q -o -Dstyle.color=never ${MAVEN_REPO:+-Dmaven.repo.local=$MAVEN_REPO})
# the reactor's modules first (testbed, ng-wire, kamailio-rpc), offline: the namespace has no outside network
"${MVN[@]}" install -DskipTests
TEST=(-pl media-sidecar test -Dtest=FaultsUnderLoadTest -Dsurefire.failIfNoSpecifiedTests=false
      -Dsoak.seconds=$((MINUTES * 60)) -Dsoak.concurrent="$CONCURRENT" -Dfaults.fail-over=true)
echo "# soak: $MINUTES min at $CONCURRENT concurrent calls, then kill -9 and SIGSTOP under load; $(date -u)" | tee "$OUT"
if [[ $(id -u) == 0 ]]; then
    unshare -n bash -c 'ip link set lo up && exec "$@"' soak "${MVN[@]}" "${TEST[@]}" 2>&1 | tee -a "$OUT"
else
    echo "# not root: on the host's loopback" | tee -a "$OUT"
    "${MVN[@]}" "${TEST[@]}" 2>&1 | tee -a "$OUT"
fi
grep -oE '\[(soak|kill-9|sigstop)\] .*' "$OUT" || { echo "no figures printed: see $OUT" >&2; exit 1; }
