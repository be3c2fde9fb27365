#!/usr/bin/env bash
# Build a small Asterisk (chan_pjsip + ARI + chan_websocket + AGI) from asterisk-22.10.1.tar.gz and
# pjproject-2.17.tar.bz2 in ASTERISK_TARBALL_DIR, with the bundled pjproject taken from there (no
# downloads at all). A copy of the workplace's shared/asterisk/build.sh whose only change is
# ASTERISK_TARBALL_DIR: deploy/install-deps.sh runs it on the official release tarballs it fetched
# when ../shared/asterisk is not there. Keep the recipe (MODULES, CONFIGURE_ARGS, ...) equal to the
# shared one so both give the same stamp recipe key.
#
#   ./build.sh                     # installs into /opt/asterisk
#   ASTERISK_PREFIX=/some/dir ./build.sh
#
# Environment:
#   ASTERISK_PREFIX      install prefix (default /opt/asterisk)
#   ASTERISK_MAKE_JOBS   parallel make jobs (default 2)
#   ASTERISK_KEEP_BUILD  1 = keep the temporary build tree (default: removed on exit)
#   ASTERISK_SKIP_APT    1 = never call apt-get (fails later if something is missing)
#   ASTERISK_TARBALL_DIR where the two tarballs are (default: this script's folder)
#
# Caching: the prefix gets a stamp file holding the sha256 of both tarballs and of the build
# recipe below (configure flags + module list). If it matches, the script exits 0 at once.
set -euo pipefail

T0=${EPOCHREALTIME//[.,]/}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

AST_VERSION=22.10.1
PJ_VERSION=2.17
TARBALLS="${ASTERISK_TARBALL_DIR:-$HERE}"
AST_TARBALL="$TARBALLS/asterisk-$AST_VERSION.tar.gz"
PJ_TARBALL="$TARBALLS/pjproject-$PJ_VERSION.tar.bz2"

PREFIX="${ASTERISK_PREFIX:-/opt/asterisk}"
JOBS="${ASTERISK_MAKE_JOBS:-2}"
STAMP="$PREFIX/.asterisk-build.stamp"

# Debian 12 packages needed to configure and build the modules below.
APT_PACKAGES=(
  build-essential pkg-config bzip2 patch
  libedit-dev libjansson-dev libxml2-dev libsqlite3-dev uuid-dev
  libssl-dev libsrtp2-dev
)

# Modules to build (menuselect names). Everything else is disabled.
MODULES=(
  # channel drivers
  chan_pjsip chan_websocket chan_rtp
  # PJSIP stack (res_pjsip_pubsub is required by chan_pjsip)
  res_pjproject res_pjsip res_pjsip_session res_pjsip_pubsub res_pjsip_sdp_rtp
  res_pjsip_transport_websocket res_pjsip_authenticator_digest res_pjsip_outbound_authenticator_digest
  res_pjsip_endpoint_identifier_ip res_pjsip_endpoint_identifier_user
  res_pjsip_registrar res_pjsip_outbound_registration
  res_pjsip_caller_id res_pjsip_nat res_pjsip_dtmf_info res_pjsip_rfc3326 res_pjsip_header_funcs
  res_pjsip_logger
  res_sorcery_config res_sorcery_memory res_sorcery_astdb
  # media (res_rtp_multicast is required by chan_rtp, res_timing_timerfd gives generators/softmix a timer)
  res_rtp_asterisk res_rtp_multicast res_srtp res_timing_timerfd
  # HTTP / WebSocket / ARI / Stasis (res_websocket_client is required by res_ari and chan_websocket,
  # res_mwi_external by res_stasis_mailbox)
  res_http_websocket res_websocket_client
  res_ari res_ari_model res_ari_applications res_ari_asterisk res_ari_bridges res_ari_channels
  res_ari_device_states res_ari_endpoints res_ari_events res_ari_mailboxes res_ari_playbacks
  res_ari_recordings res_ari_sounds
  res_stasis res_stasis_answer res_stasis_broadcast res_stasis_device_state res_stasis_mailbox
  res_stasis_playback res_stasis_recording res_stasis_snoop res_mwi_external
  app_stasis
  # AGI / FastAGI (res_speech is required by res_agi)
  res_agi res_speech
  # dialplan, apps, functions
  pbx_config app_dial app_playback app_echo app_senddtmf app_milliwatt app_playtones
  func_channel func_callerid
  # bridging
  bridge_simple bridge_native_rtp bridge_softmix bridge_holding
  # codecs / formats / music on hold (codec_resample: slin rates; without it an ARI-originated
  # Local channel, which picks slin192, cannot be bridged with a ulaw channel)
  codec_ulaw codec_alaw codec_resample format_wav format_pcm res_musiconhold
  # Opus SDP fmtp handling (Opus passthrough with browsers; there is no Opus transcoder: the
  # closed binary codec_opus is not part of the source)
  res_format_attr_opus
)

# Whole menuselect categories switched off before the modules above are switched on
# (sound and MOH packages would be downloaded by "make install": they must stay off).
DISABLED_CATEGORIES=(
  MENUSELECT_ADDONS MENUSELECT_APPS MENUSELECT_BRIDGES MENUSELECT_CDR MENUSELECT_CEL
  MENUSELECT_CHANNELS MENUSELECT_CODECS MENUSELECT_FORMATS MENUSELECT_FUNCS MENUSELECT_PBX
  MENUSELECT_RES MENUSELECT_TESTS MENUSELECT_UTILS MENUSELECT_AGIS
  MENUSELECT_CORE_SOUNDS MENUSELECT_MOH MENUSELECT_EXTRA_SOUNDS
)
# BUILD_NATIVE (-march=native) is switched off so a cached prefix also runs on another CPU.
DISABLED_OPTIONS=(BUILD_NATIVE)

# configure refuses the bundled pjproject without a download tool (wget/curl/fetch) even when the
# tarball is in the externals cache; WGET=/bin/false satisfies it and makes any download attempt
# fail at once instead of reaching for the network.
CONFIGURE_ARGS=(
  --prefix="$PREFIX"
  --with-pjproject-bundled
  --disable-binary-modules
  WGET=/bin/false
)

log() { printf '[build.sh] %s\n' "$*"; }
elapsed() { local d=$(( ${EPOCHREALTIME//[.,]/} - T0 )); printf '%d.%d' $((d / 1000000)) $((d % 1000000 / 100000)); }

[ -f "$AST_TARBALL" ] || { log "missing $AST_TARBALL"; exit 1; }
[ -f "$PJ_TARBALL" ]  || { log "missing $PJ_TARBALL"; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

install_packages() {
  [ "${ASTERISK_SKIP_APT:-0}" = 1 ] && { log "ASTERISK_SKIP_APT=1: not calling apt-get"; return 0; }
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages already installed: ${APT_PACKAGES[*]}"
    return 0
  fi
  log "installing apt packages: ${APT_PACKAGES[*]} (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

# sha256 of: both tarballs + the recipe (configure flags, modules, disabled categories/options).
AST_SHA=$(sha256sum "$AST_TARBALL" | cut -d' ' -f1)
PJ_SHA=$(sha256sum "$PJ_TARBALL" | cut -d' ' -f1)
RECIPE_SHA=$(printf '%s\n' "${CONFIGURE_ARGS[@]}" -- "${MODULES[@]}" -- "${DISABLED_CATEGORIES[@]}" \
  -- "${DISABLED_OPTIONS[@]}" | sha256sum | cut -d' ' -f1)
KEY="asterisk=$AST_SHA pjproject=$PJ_SHA recipe=$RECIPE_SHA"

# One build per prefix at a time.
LOCK="${TMPDIR:-/tmp}/asterisk-build.$(printf '%s' "$PREFIX" | sha256sum | cut -c1-16).lock"
exec 9>"$LOCK"
if ! flock -n 9; then
  log "another build.sh holds $LOCK, waiting"
  flock 9
fi

if [ -f "$STAMP" ] && grep -qxF "key=$KEY" "$STAMP" && [ -x "$PREFIX/sbin/asterisk" ]; then
  # A cached prefix copied onto a fresh machine still needs the runtime libraries.
  ldd_out=$(ldd "$PREFIX/sbin/asterisk" "$PREFIX"/lib/asterisk/modules/*.so 2>&1 || true)
  if grep -q 'not found' <<<"$ldd_out"; then
    log "cached build found but shared libraries are missing: installing packages"
    install_packages
  fi
  log "cached: $PREFIX already holds Asterisk $AST_VERSION built from these tarballs ($STAMP)"
  log "total time: $(elapsed)s"
  exit 0
fi

install_packages

BUILD_DIR=$(mktemp -d "${TMPDIR:-/tmp}/asterisk-build.XXXXXX")
cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ] || [ "${ASTERISK_KEEP_BUILD:-0}" = 1 ]; then log "build tree (logs) kept in $BUILD_DIR"
  else rm -rf "$BUILD_DIR"; fi
}
trap cleanup EXIT

log "unpacking into $BUILD_DIR"
tar -xzf "$AST_TARBALL" -C "$BUILD_DIR"
SRC="$BUILD_DIR/asterisk-$AST_VERSION"
# Asterisk's pjproject Makefile touches (and on a failed check deletes) the cached tarball, so it
# gets a private copy instead of this folder.
mkdir -p "$BUILD_DIR/externals"
cp "$PJ_TARBALL" "$BUILD_DIR/externals/"
want_md5=$(cut -d' ' -f1 "$SRC/third-party/pjproject/pjproject-$PJ_VERSION.tar.bz2.md5")
have_md5=$(md5sum "$BUILD_DIR/externals/pjproject-$PJ_VERSION.tar.bz2" | cut -d' ' -f1)
if [ "$want_md5" != "$have_md5" ]; then
  log "pjproject tarball md5 $have_md5 does not match Asterisk's pinned $want_md5"; exit 1
fi

cd "$SRC"
log "configure ${CONFIGURE_ARGS[*]} --with-externals-cache=$BUILD_DIR/externals"
./configure "${CONFIGURE_ARGS[@]}" --with-externals-cache="$BUILD_DIR/externals" > "$BUILD_DIR/configure.log" 2>&1 \
  || { tail -n 60 "$BUILD_DIR/configure.log"; log "configure failed"; exit 1; }
for need in OPENSSL SRTP PJPROJECT JANSSON LIBEDIT LIBXML2 SQLITE3 TIMERFD; do
  grep -qx "${need}=1" build_tools/menuselect-deps \
    || { log "configure did not find $need (see $BUILD_DIR/configure.log)"; exit 1; }
done
log "configure done ($(elapsed)s)"

make menuselect.makeopts > "$BUILD_DIR/menuselect.log" 2>&1 \
  || { tail -n 40 "$BUILD_DIR/menuselect.log"; log "menuselect build failed"; exit 1; }
MS_ARGS=()
for c in "${DISABLED_CATEGORIES[@]}"; do MS_ARGS+=(--disable-category "$c"); done
for o in "${DISABLED_OPTIONS[@]}"; do MS_ARGS+=(--disable "$o"); done
for m in "${MODULES[@]}"; do MS_ARGS+=(--enable "$m"); done
menuselect/menuselect "${MS_ARGS[@]}" menuselect.makeopts
# Nothing that would be downloaded may stay selected.
sounds=$(grep -E '^MENUSELECT_(CORE_SOUNDS|MOH|EXTRA_SOUNDS)=' menuselect.makeopts || true)
if grep -qE '=[[:space:]]*[A-Z]' <<<"$sounds"; then
  echo "$sounds"
  log "sound packages still selected"; exit 1
fi
log "menuselect done ($(elapsed)s)"

log "make -j$JOBS"
make -j"$JOBS" > "$BUILD_DIR/make.log" 2>&1 || { tail -n 80 "$BUILD_DIR/make.log"; log "make failed"; exit 1; }
log "make done ($(elapsed)s)"

# Rebuilding over our own earlier install: drop old modules first so none linger.
if [ -f "$STAMP" ]; then
  rm -f "$STAMP"
  rm -rf "$PREFIX/lib/asterisk/modules"
fi
make install > "$BUILD_DIR/install.log" 2>&1 || { tail -n 60 "$BUILD_DIR/install.log"; log "make install failed"; exit 1; }

missing=()
for m in "${MODULES[@]}"; do [ -f "$PREFIX/lib/asterisk/modules/$m.so" ] || missing+=("$m"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "these modules were not built/installed: ${missing[*]}"; exit 1
fi
"$PREFIX/sbin/asterisk" -V

{
  echo "key=$KEY"
  echo "asterisk_version=$AST_VERSION"
  echo "pjproject_version=$PJ_VERSION"
  echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "build_seconds=$(elapsed)"
  echo "modules=${MODULES[*]}"
} > "$STAMP"
log "installed Asterisk $AST_VERSION into $PREFIX (${#MODULES[@]} modules)"
log "total time: $(elapsed)s"
