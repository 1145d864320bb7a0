#!/usr/bin/env bash
# h2load through Portcullis's TLS inspection to an HTTP/2 origin, on loopback.
#
#   h2load --(h2c)--> nghttpx --(TLS, verified against the org CA)--> Portcullis CONNECT + inspection
#          --(TLS, verified against the origin CA)--> nginx (h2 and http/1.1, 1 KiB file)
#
# h2load has no proxy support, so nghttpx fronts it. Inside the inspected tunnel nghttpx speaks h2 when Portcullis
# offers it (then nghttpx's own --backend-http-proxy-uri does the CONNECT); if Portcullis offers only http/1.1
# (nghttpx uses that proxy option for HTTP/2 backends only), nghttpx dials bench/connect-adapter.py, which does the
# CONNECT. The protocol used inside inspection is printed. The proxy gets CPU 1, everything else CPU 0.
#
# Usage: bench/h2load-inspect.sh [-n REQUESTS] [-c CLIENTS] [-m STREAMS_PER_CLIENT] [-w WARMUP_REQUESTS]
# Env: JAVA_OPTS (daemon JVM flags), KEEP=1 keeps the work dir.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests=100000 clients=32 streams=10 warmup=50000
while getopts n:c:m:w: opt; do
  case $opt in
    n) requests=$OPTARG ;; c) clients=$OPTARG ;; m) streams=$OPTARG ;; w) warmup=$OPTARG ;;
    *) echo "usage: $0 [-n REQUESTS] [-c CLIENTS] [-m STREAMS_PER_CLIENT] [-w WARMUP_REQUESTS]" >&2; exit 2 ;;
  esac
done
for tool in h2load nghttpx nginx openssl curl python3 taskset; do
  command -v "$tool" >/dev/null || { echo "h2load-inspect: $tool is not installed" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] && { proxy_cpu=1; load_cpu=0; } || { proxy_cpu=0; load_cpu=0; }

work=$(mktemp -d /tmp/h2load-inspect.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && echo "work dir kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "h2load-inspect: nothing listens on 127.0.0.1:$1 after 30 s ($2); logs in $work" >&2; KEEP=1; exit 1
}
cpu_ticks() { awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }

cd "$work"
mkdir -p www tmp
for who in origin org; do
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 2 -subj "/CN=bench $who CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$who-ca.key" -out "$who-ca.pem" 2>/dev/null
done
chmod 600 org-ca.key
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > server.ext
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -keyout server.key -out server.csr 2>/dev/null
openssl x509 -req -in server.csr -CA origin-ca.pem -CAkey origin-ca.key -sha256 -set_serial "0x$(openssl rand -hex 8)" \
  -days 2 -extfile server.ext -out server.pem 2>/dev/null
head -c 1024 /dev/urandom > www/1k
chmod 755 "$work" www; chmod 644 www/1k  # the nginx worker runs as an unprivileged user

origin_port=$(free_port) proxy_port=$(free_port) front_port=$(free_port) adapter_port=$(free_port)
cat > nginx.conf <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off; default_type application/octet-stream; sendfile on; tcp_nodelay on;
  keepalive_timeout 300s; keepalive_requests 100000000; http2_max_requests 100000000;
  client_body_temp_path $work/tmp/b; proxy_temp_path $work/tmp/p; fastcgi_temp_path $work/tmp/f;
  uwsgi_temp_path $work/tmp/u; scgi_temp_path $work/tmp/s;
  ssl_protocols TLSv1.3; ssl_certificate $work/server.pem; ssl_certificate_key $work/server.key;
  server { listen 127.0.0.1:$origin_port ssl http2 backlog=4096; root $work/www; }
}
NGINX
taskset -c $load_cpu nginx -c "$work/nginx.conf" -p "$work" -g 'daemon off;' 2>"$work/nginx.out" & pids+=($!)
wait_port "$origin_port" nginx

cat > policy.json <<JSON
{"rules": [], "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
JSON
taskset -c $proxy_cpu "$root/bin/portcullis" run --policy "$work/policy.json" --listen "127.0.0.1:$proxy_port" \
  --admin-listen 127.0.0.1:0 --upstream-ca "$work/origin-ca.pem" --allow-destination 127.0.0.1/32 \
  --ca-cert "$work/org-ca.pem" --ca-key "$work/org-ca.key" >"$work/portcullis.log" 2>&1 & pids+=($!)
proxy_pid=$!
wait_port "$proxy_port" portcullis

# Which protocol does the inspected tunnel speak? Ask for h2 the way nghttpx will (SNI localhost, org CA trusted).
inner=$(curl -s -o /dev/null -w '%{http_version}' --http2 --proxy "http://127.0.0.1:$proxy_port" \
  --cacert "$work/org-ca.pem" --resolve "localhost:$origin_port:127.0.0.1" "https://localhost:$origin_port/1k" || true)
case "$inner" in
  2) proto=h2
     backend="127.0.0.1,$origin_port;;tls;sni=localhost;proto=h2"
     proxy_opt=(--backend-http-proxy-uri="http://127.0.0.1:$proxy_port") ;;
  1.1) proto=http/1.1
     taskset -c $load_cpu python3 "$root/bench/connect-adapter.py" "$adapter_port" "127.0.0.1:$proxy_port" \
       "localhost:$origin_port" 2>"$work/adapter.log" & pids+=($!)
     wait_port "$adapter_port" connect-adapter
     backend="127.0.0.1,$adapter_port;;tls;sni=localhost;proto=http/1.1"
     proxy_opt=() ;;
  *) echo "h2load-inspect: a GET through the inspecting proxy failed (curl http_version '$inner'); logs in $work" >&2
     KEEP=1; exit 1 ;;
esac
echo "inside inspection: $proto (curl --http2 through the proxy negotiated HTTP/$inner)"

# The inspected request must name the CONNECT target (else 421): h2load and curl send it as :authority/Host.
authority="localhost:$origin_port"
taskset -c $load_cpu nghttpx --conf=/dev/null --frontend="127.0.0.1,$front_port;no-tls" --backend="$backend" \
  "${proxy_opt[@]}" --cacert="$work/org-ca.pem" --workers=1 --backend-keep-alive-timeout=300s \
  --backend-connections-per-host=$clients --no-via --no-server-push --log-level=WARN \
  --errorlog-file="$work/nghttpx.log" --pid-file="$work/nghttpx.pid" 2>>"$work/nghttpx.out" & pids+=($!)
wait_port "$front_port" nghttpx
curl -sS -o "$work/curl-front.body" -w "%{http_code}" --http2-prior-knowledge -H "Host: $authority" "http://127.0.0.1:$front_port/1k" 2>"$work/curl-front.log" | grep -q "^200$" \
  || { echo "h2load-inspect: a GET through nghttpx and the proxy failed: $(cat "$work/curl-front.log") $(head -c 300 "$work/curl-front.body" 2>/dev/null); logs in $work" >&2
       tail -n 5 "$work/nghttpx.log" "$work/adapter.log" >&2 2>/dev/null || true; KEEP=1; exit 1; }

url="http://127.0.0.1:$front_port/1k"
echo "warm-up: h2load -n $warmup -c $clients -m $streams $url"
taskset -c $load_cpu h2load -n "$warmup" -c "$clients" -m "$streams" -H ":authority: $authority" "$url" >"$work/warmup.txt" 2>&1
t0=$(cpu_ticks "$proxy_pid")
echo "measured: h2load -n $requests -c $clients -m $streams $url"
taskset -c $load_cpu h2load -n "$requests" -c "$clients" -m "$streams" -H ":authority: $authority" "$url" | tee "$work/h2load.txt" \
  | grep -E '^(finished in|requests:|status codes:|time for request:)'
t1=$(cpu_ticks "$proxy_pid")
ok=$(awk '/^status codes:/ { gsub(",", ""); print $3 }' "$work/h2load.txt")
python3 -c "
ok = int('${ok:-0}'); ticks = $t1 - $t0
print(f'inside inspection: $proto; proxy CPU {ticks * 10000 / ok:.0f} us per 2xx request ({ok} requests, {ticks / 100:.2f} s CPU)' if ok else 'no 2xx responses')"
