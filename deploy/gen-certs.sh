#!/usr/bin/env bash
# Makes the certificates of a test (or lab) deployment with openssl, into the directory given:
#
#   deploy/gen-certs.sh DIR [NAME ...]
#
# NAME: more DNS names or IP addresses the edge certificate must carry (default: localhost and 127.0.0.1 only),
# e.g. deploy/gen-certs.sh /etc/rtc-sip/certs sip.example.com 192.0.2.10
#
# What it writes (PEM; keys are ECDSA P-256, unencrypted, mode 600):
#   ca-cert.pem ca-key.pem          a test CA ("rtc-sip-sidecar test CA"); the only root the tests trust
#   ca-spki.txt                     base64 SHA-256 of the CA's SubjectPublicKeyInfo: what Chromium's
#                                   --ignore-certificate-errors-spki-list takes to trust this CA alone
#   edge-cert.pem edge-key.pem      the edge server: Kamailio's WSS and SIP-TLS listeners, coturn's TURN/TLS,
#   edge-fullchain.pem              the softphone page over https (fullchain = leaf + CA: Chromium matches the
#                                   CA's SPKI only in the chain the server sends)
#   trunk-cert.pem trunk-key.pem    a SIP trunk's TLS transport (Asterisk PJSIP in the tests)
#   stir-root-cert.pem              STIR/SHAKEN: a test STI-CA root,
#   stir-intermediate-cert.pem      an intermediate,
#   stir-cert.pem stir-key.pem      and the STI-SP certificate whose key signs PASSporTs (RFC 8225, RFC 8588);
#                                   it carries a TNAuthList (RFC 8226 §9) with the service provider code $STIR_SPC
#   stir-chain.pem                  the STI-SP certificate + intermediate: the file an Identity header's info=<...>
#                                   URL must serve (RFC 8224 §7.4, x5u)
#
# Idempotent: a file that exists is kept (delete the directory to start again); a certificate is only made when
# it or its key is missing. The days a certificate lives: $CERT_DAYS (default 825). Only openssl is needed.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DIR [NAME ...]   (NAME: extra DNS names or IP addresses of the edge certificate)" >&2
  exit 64
fi
command -v openssl >/dev/null 2>&1 || { echo "$0: openssl is needed (Debian package openssl)" >&2; exit 1; }

dir=$1
shift
days=${CERT_DAYS:-825}
spc=${STIR_SPC:-1234}
mkdir -p "$dir"
cd "$dir"
umask 077

# Subject alternative names of the edge certificate: loopback always, then what the caller named.
san="DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then
    san="$san,IP:$name"
  else
    san="$san,DNS:$name"
  fi
done

key() {  # key FILE: an ECDSA P-256 private key, unless it exists
  [ -s "$1" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# sign NAME SUBJECT ISSUER EXTENSIONS: NAME-cert.pem for NAME-key.pem, signed by ISSUER-cert.pem/ISSUER-key.pem
# (ISSUER "self": self-signed), with the X.509v3 EXTENSIONS given as openssl config lines.
sign() {
  local name=$1 subject=$2 issuer=$3 extensions=$4
  key "$name-key.pem"
  [ -s "$name-cert.pem" ] && return 0
  local config
  config=$(mktemp)
  printf '[req]\ndistinguished_name = dn\n[dn]\n[ext]\n%s\n' "$extensions" > "$config"
  if [ "$issuer" = self ]; then
    openssl req -new -x509 -key "$name-key.pem" -subj "$subject" -days "$days" -sha256 \
      -config "$config" -extensions ext -out "$name-cert.pem"
  else
    openssl req -new -key "$name-key.pem" -subj "$subject" -config "$config" -out "$name.csr"
    openssl x509 -req -in "$name.csr" -CA "$issuer-cert.pem" -CAkey "$issuer-key.pem" \
      -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 -extfile "$config" -extensions ext \
      -out "$name-cert.pem" 2>/dev/null
    rm -f "$name.csr"
  fi
  rm -f "$config"
  chmod 644 "$name-cert.pem"
  echo "made $dir/$name-cert.pem ($subject)"
}

ca_ext='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash'
leaf_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid'

# TLS: one test CA, the edge (Kamailio, coturn, page) and a trunk.
sign ca "/O=rtc-sip-sidecar/CN=rtc-sip-sidecar test CA" self "$ca_ext"
sign edge "/O=rtc-sip-sidecar/CN=${1:-localhost}" ca "$leaf_ext
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$san"
sign trunk "/O=rtc-sip-sidecar/CN=trunk" ca "$leaf_ext
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"
[ -s edge-fullchain.pem ] || { cat edge-cert.pem ca-cert.pem > edge-fullchain.pem; chmod 644 edge-fullchain.pem; }
[ -s ca-spki.txt ] || {
  openssl x509 -in ca-cert.pem -noout -pubkey | openssl pkey -pubin -outform DER \
    | openssl dgst -sha256 -binary | openssl base64 -A > ca-spki.txt
  echo >> ca-spki.txt
  chmod 644 ca-spki.txt
}

# STIR/SHAKEN: root -> intermediate -> STI-SP certificate. TNAuthList (OID 1.3.6.1.5.5.7.1.26) is
# SEQUENCE { [0] EXPLICIT IA5String spc } (RFC 8226 §9), DER-encoded here from the code's bytes.
spc_hex=$(printf '%s' "$spc" | od -An -tx1 | tr -s ' \n' ':' | sed 's/^://; s/:$//')
spc_len=$(printf '%s' "$spc" | wc -c)
hex() { printf '%02x' "$1"; }
tn_auth_list="DER:30:$(hex $((spc_len + 4))):a0:$(hex $((spc_len + 2))):16:$(hex "$spc_len"):$spc_hex"
sign stir-root "/O=rtc-sip-sidecar/CN=rtc-sip-sidecar test STI-CA" self "$ca_ext"
sign stir-intermediate "/O=rtc-sip-sidecar/CN=rtc-sip-sidecar test STI-CA intermediate" stir-root "$ca_ext
authorityKeyIdentifier=keyid
basicConstraints=critical,CA:TRUE,pathlen:0"
sign stir "/O=rtc-sip-sidecar/CN=SHAKEN $spc" stir-intermediate "$leaf_ext
1.3.6.1.5.5.7.1.26=$tn_auth_list"
[ -s stir-chain.pem ] || { cat stir-cert.pem stir-intermediate-cert.pem > stir-chain.pem; chmod 644 stir-chain.pem; }

# A key that does not fit its certificate (a half-written earlier run) is an error, not a silent mismatch.
for name in ca edge trunk stir-root stir-intermediate stir; do
  if [ "$(openssl x509 -in "$name-cert.pem" -noout -pubkey)" != "$(openssl pkey -in "$name-key.pem" -pubout)" ]; then
    echo "$0: $dir/$name-key.pem does not match $dir/$name-cert.pem; delete both and run again" >&2
    exit 1
  fi
done
openssl verify -CAfile ca-cert.pem edge-cert.pem trunk-cert.pem >/dev/null
openssl verify -CAfile stir-root-cert.pem -untrusted stir-intermediate-cert.pem stir-cert.pem >/dev/null
