#!/usr/bin/env bash
# Per-tunnel open cost: HTTP/2 CONNECT streams on one TLS connection vs HTTP/1.1 CONNECT over a new TCP and a new
# TLS connection per tunnel, same run, same loopback echo origin (dev.portcullis.benchmarks.connect.ConnectOpenCost).
# Starts a daemon with --listen and --tls-listen on CPU 1, runs the tool on CPU 0, stops the daemon.
# Usage: bench/connect-open-cost.sh [ConnectOpenCost options, e.g. --tunnels 3000 --warmup 5000 --rounds 3]
# Env: JAVA_OPTS (daemon JVM flags), KEEP=1 keeps the work dir.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -o -pl benchmarks -am package -DskipTests)
[ "$(nproc)" -ge 2 ] && { proxy_cpu=1; load_cpu=0; } || { proxy_cpu=0; load_cpu=0; }
work=$(mktemp -d /tmp/connect-open-cost.XXXXXX)
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; }
  [ "${KEEP:-0}" = 1 ] && echo "work dir kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cd "$work"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 2 -subj "/CN=bench proxy CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout ca.key -out ca.pem 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > proxy.ext
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 -keyout proxy.key -out proxy.csr 2>/dev/null
openssl x509 -req -in proxy.csr -CA ca.pem -CAkey ca.key -sha256 -set_serial "0x$(openssl rand -hex 8)" -days 2 \
  -extfile proxy.ext -out proxy.pem 2>/dev/null
chmod 600 proxy.key
plain=$(free_port) tls=$(free_port)
taskset -c $proxy_cpu "$root/bin/portcullis" run --listen "127.0.0.1:$plain" --tls-listen "127.0.0.1:$tls" \
  --tls-cert proxy.pem --tls-key proxy.key --admin-listen 127.0.0.1:0 --allow-destination 127.0.0.1/32 \
  >"$work/portcullis.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$tls") 2>/dev/null && break; sleep 0.1; done
echo "portcullis pid $proxy_pid: --listen 127.0.0.1:$plain, --tls-listen 127.0.0.1:$tls (CPU $proxy_cpu); tool on CPU $load_cpu"
taskset -c $load_cpu java -cp "$jar" dev.portcullis.benchmarks.connect.ConnectOpenCost --proxy "127.0.0.1:$plain" \
  --tls-proxy "127.0.0.1:$tls" --proxy-ca "$work/ca.pem" --proxy-pid "$proxy_pid" "$@" 2> >(grep -v '^SLF4J' >&2)
