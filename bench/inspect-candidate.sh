#!/usr/bin/env bash
# Benchmark candidate for TLS inspection: writes a policy that decrypts everything but the tunnel port, then runs
# the daemon. Usage: bench/inspect-candidate.sh WORKDIR TUNNEL_PORT [portcullis run flags...]
workdir=$1; tunnel_port=$2; shift 2
cat > "$workdir/policy.json" <<JSON
{"rules": [{"name": "The tunnel port stays a tunnel", "precedence": 1, "action": "off", "filters": ["http"],
            "traffic": "http.conn.dst_port == $tunnel_port"}],
 "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
JSON
exec bin/portcullis run --policy "$workdir/policy.json" "$@"
