#!/usr/bin/env bash
# Generates the development TLS material for Kafka and the JWT RS256 key pair.
# Idempotent: files that already exist are kept, so running it again is free.
# Everything it writes is git-ignored; production keys come from the environment.
set -euo pipefail
cd "$(dirname "$0")"

DAYS=825
BROKER_SANS="DNS:localhost,DNS:kafka,IP:127.0.0.1"

if [[ ! -f ca.key || ! -f ca.crt ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key 2>/dev/null
  openssl req -x509 -new -key ca.key -sha256 -days "$DAYS" -subj "/CN=retail-order-platform dev CA" -out ca.crt
  rm -f broker.crt client.crt
fi

issue() { # name, subject, extensions
  local name=$1 subject=$2 ext=$3
  [[ -f $name.key && -f $name.crt ]] && return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -sha256 \
    -extfile <(printf '%s\n' "$ext") -out "$name.crt" 2>/dev/null
  rm -f "$name.csr"
}

issue broker "/CN=kafka" "subjectAltName=$BROKER_SANS
extendedKeyUsage=serverAuth,clientAuth"
issue client "/CN=retail-order-platform-client" "extendedKeyUsage=clientAuth"

# Kafka's PEM keystore wants the PKCS#8 key, the certificate chain and nothing else in one file.
if [[ ! -f broker-keystore.pem || broker.crt -nt broker-keystore.pem ]]; then
  cat broker.key broker.crt ca.crt > broker-keystore.pem
fi

if [[ ! -f jwt-private.pem || ! -f jwt-public.pem ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem 2>/dev/null
  openssl pkey -in jwt-private.pem -pubout -out jwt-public.pem
fi

# Private keys readable by their owner alone; certificates and public keys by all. The
# containers of docker-compose.yml read them as uid 1000: if yours differs, chown them (docs/security.md).
chmod 644 ./*.crt ca.crt jwt-public.pem
chmod 600 ./*.key jwt-private.pem broker-keystore.pem
