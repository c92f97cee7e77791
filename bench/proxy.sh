#!/usr/bin/env bash
# Benchmark of the sidecar proxy (not a test): nginx as the backend, HAProxy as the reference
# proxy, and our proxy, all on loopback. Interleaved rounds of wrk (HTTP/1.1 keep-alive), h2load
# (HTTP/2, h2c) and redis-benchmark (TCP), each direct, through HAProxy and through ours. Prints
# req/s, p50 and p99 per run (the median round), the ratios ours/HAProxy and ours/direct, and our
# proxy's RSS and CPU seconds per 1000 requests.
#
# MODE=tls measures a hop between two proxies with mutual TLS 1.3 instead: our client proxy
# originating TLS to our server proxy (both with the same openssl-made certificates, SPIFFE URI
# SANs), against an HAProxy pair doing the same (one originating TLS with the client certificate,
# one terminating it and requiring it); plus full handshakes per second at each server side
# (openssl s_time, a new TLS 1.3 connection with a client certificate each time).
#
#   bench/proxy.sh                 # ROUNDS=3 DURATION=8 CONNECTIONS=50 by default
#   ROUNDS=1 DURATION=5 bench/proxy.sh
#   MODE=tls ROUNDS=1 DURATION=5 bench/proxy.sh
#   MODE=tls WARMUP=40 bench/proxy.sh   # a longer warm-up of our proxy (10 s by default)
#   THREADS=1 bench/proxy.sh            # one HAProxy thread against one event loop of ours
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${MODE:-plain}
case "$MODE" in plain|tls) ;; *) echo "bench: MODE=$MODE (expected: plain or tls)" >&2; exit 2 ;; esac
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-50}
REDIS_REQUESTS=${REDIS_REQUESTS:-100000}
# Seconds of load on our proxy per protocol before the rounds: its JIT compiles the paths first
# (in MODE=tls the C2 compiler was still at work after 10 s).
WARMUP=${WARMUP:-10}
# The sidecar's JVM options, as the host agent starts every sidecar (AgentConfig.PROXY_JVM_OPTIONS
# reads the same file, docs/proxy.md "Memory and JVM options"); JAVA_OPTS replaces them to compare.
JAVA_OPTS=${JAVA_OPTS:-$(grep -v '^#' provider-runtime/agent/src/main/resources/dev/svcconnect/agent/host/sidecar-jvm.options | xargs)}
# Threads of each proxy, the same on both sides (as Envoy's benchmarking advice asks): HAProxy's
# nbthread, and our event loops, set as the host agent sets a sidecar's from its task's CPU
# (SVC_CONNECT_PROXY_EVENT_LOOPS). By default every core: wrk, h2load or redis-benchmark and the
# backend share them (docs/proxy.md "Event loops on a shared machine").
THREADS=${THREADS:-$(nproc)}
case "$THREADS" in ''|*[!0-9]*|0) echo "bench: THREADS=$THREADS (expected: a number of threads, 1 or more)" >&2; exit 2 ;; esac
export SVC_CONNECT_PROXY_EVENT_LOOPS=$THREADS

need=()
for tool in nginx:nginx haproxy:haproxy wrk:wrk h2load:nghttp2-client redis-server:redis-server redis-benchmark:redis-tools; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || need+=("${tool##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

jar=provider-runtime/cli/target/svc-connect.jar
echo "bench: building $jar" >&2
./mvnw -B -q -pl provider-runtime/cli -am package -DskipTests >/dev/null

work=$(mktemp -d /tmp/proxy-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
NG1=$(free_port); NG2=$(free_port); RD=$(free_port)
HA1=$(free_port); HA2=$(free_port); HA3=$(free_port)
US1=$(free_port); US2=$(free_port); US3=$(free_port); ADMIN=$(free_port)
# MODE=tls: the server side of each pair (TLS in, plain to the backend)
HS1=$(free_port); HS2=$(free_port); HS3=$(free_port)
OS1=$(free_port); OS2=$(free_port); OS3=$(free_port); OSADMIN=$(free_port)

# nginx: the backend, a 13-byte answer on HTTP/1.1 and on h2c (prior knowledge).
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  http2_max_concurrent_streams 256;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$NG1; location / { return 200 "hello, world\n"; } }
  server { listen 127.0.0.1:$NG2 http2; location / { return 200 "hello, world\n"; } }
}
CONF
"$NGINX" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

redis-server --port "$RD" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/dev/null &
pids+=($!)

# The global and defaults sections of every HAProxy: THREADS threads, as many as our event loops.
haproxy_head() {
  cat <<CONF
global
  nbthread $THREADS
  maxconn 4000
defaults
  timeout connect 5s
  timeout client 300s
  timeout server 300s
CONF
}

HA_H1_SERVER="127.0.0.1:$NG1"; HA_H2_SERVER="127.0.0.1:$NG2 proto h2"; HA_TCP_SERVER="127.0.0.1:$RD"
if [ "$MODE" = tls ]; then
  # One CA, a server certificate naming the three discovery names, a client certificate: the same
  # files for both pairs. ECDSA P-256, as the mesh CA issues them.
  tls=$work/tls; mkdir -p "$tls"; domain=spiffe://svc-connect.local/ns/bench/svc
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/ca.key" -out "$tls/ca.pem" \
    -days 1 -subj /CN=bench-mesh-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
  for who in server client; do
    case $who in
      server) sans="URI:$domain/nginx,URI:$domain/nginx-h2,URI:$domain/redis" ;;
      client) sans="URI:$domain/client" ;;
    esac
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/$who.key" -out "$tls/$who.csr" \
      -subj "/CN=$who" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=critical,%s\n' \
      "$sans" > "$tls/$who.ext"
    openssl x509 -req -in "$tls/$who.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -set_serial "$RANDOM" -days 1 \
      -extfile "$tls/$who.ext" -out "$tls/$who.pem" 2>/dev/null
    cat "$tls/$who.pem" "$tls/$who.key" > "$tls/$who-haproxy.pem"
  done
  ssl_out="ssl crt $tls/client-haproxy.pem ca-file $tls/ca.pem verify required ssl-min-ver TLSv1.3"
  HA_H1_SERVER="127.0.0.1:$HS1 $ssl_out alpn http/1.1"
  HA_H2_SERVER="127.0.0.1:$HS2 $ssl_out alpn h2"
  HA_TCP_SERVER="127.0.0.1:$HS3 $ssl_out"
  ssl_in="ssl crt $tls/server-haproxy.pem ca-file $tls/ca.pem verify required ssl-min-ver TLSv1.3"
  { haproxy_head; cat <<CONF
frontend h1
  mode http
  bind 127.0.0.1:$HS1 $ssl_in alpn http/1.1
  default_backend nginx_h1
backend nginx_h1
  mode http
  http-reuse always
  server s1 127.0.0.1:$NG1
frontend h2
  mode http
  bind 127.0.0.1:$HS2 $ssl_in alpn h2
  default_backend nginx_h2
backend nginx_h2
  mode http
  http-reuse always
  server s1 127.0.0.1:$NG2 proto h2
listen redis
  mode tcp
  bind 127.0.0.1:$HS3 $ssl_in
  server s1 127.0.0.1:$RD
CONF
  } > "$work/haproxy-server.cfg"
  "$HAPROXY" -f "$work/haproxy-server.cfg" -db >"$work/haproxy-server.log" 2>&1 &
  pids+=($!)
fi

# HAProxy: the reference, as many threads as our event loops, HTTP with connection reuse.
{ haproxy_head; cat <<CONF
frontend h1
  mode http
  bind 127.0.0.1:$HA1
  default_backend nginx_h1
backend nginx_h1
  mode http
  http-reuse always
  server s1 $HA_H1_SERVER
frontend h2
  mode http
  bind 127.0.0.1:$HA2 proto h2
  default_backend nginx_h2
backend nginx_h2
  mode http
  http-reuse always
  server s1 $HA_H2_SERVER
listen redis
  mode tcp
  bind 127.0.0.1:$HA3
  server s1 $HA_TCP_SERVER
CONF
} > "$work/haproxy.cfg"
"$HAPROXY" -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)

# Ours: one listener per protocol, two event loops (one per core).
cat > "$work/proxy.json" <<CONF
{"admin": {"bind": "127.0.0.1:$ADMIN"},
 "listeners": [
  {"name": "h1", "bind": "127.0.0.1:$US1", "protocol": "http", "discoveryName": "nginx", "endpoints": ["127.0.0.1:$NG1"]},
  {"name": "h2", "bind": "127.0.0.1:$US2", "protocol": "http2", "discoveryName": "nginx-h2", "endpoints": ["127.0.0.1:$NG2"]},
  {"name": "redis", "bind": "127.0.0.1:$US3", "protocol": "tcp", "discoveryName": "redis", "endpoints": ["127.0.0.1:$RD"]}]}
CONF
ours_args=()
ours_main=(dev.svcconnect.proxy.Sidecar) # the sidecar's entry point, as the agent starts it
if [ "$MODE" = tls ]; then
  # Our pair: the client side's outbound listeners originate mutual TLS to the server side's inbound ones.
  cat > "$work/proxy.json" <<CONF
{"admin": {"bind": "127.0.0.1:$ADMIN"}, "trustDomain": "svc-connect.local",
 "listeners": [
  {"name": "h1", "bind": "127.0.0.1:$US1", "protocol": "http", "discoveryName": "nginx", "endpoints": ["127.0.0.1:$OS1"],
   "mutualTls": true, "serverIdentity": "$domain/nginx"},
  {"name": "h2", "bind": "127.0.0.1:$US2", "protocol": "http2", "discoveryName": "nginx-h2", "endpoints": ["127.0.0.1:$OS2"],
   "mutualTls": true, "serverIdentity": "$domain/nginx-h2"},
  {"name": "redis", "bind": "127.0.0.1:$US3", "protocol": "tcp", "discoveryName": "redis", "endpoints": ["127.0.0.1:$OS3"],
   "mutualTls": true, "serverIdentity": "$domain/redis"}]}
CONF
  cat > "$work/proxy-server.json" <<CONF
{"admin": {"bind": "127.0.0.1:$OSADMIN"}, "trustDomain": "svc-connect.local",
 "listeners": [
  {"name": "h1", "direction": "inbound", "bind": "127.0.0.1:$OS1", "protocol": "http", "discoveryName": "nginx",
   "endpoints": ["127.0.0.1:$NG1"], "mutualTls": true},
  {"name": "h2", "direction": "inbound", "bind": "127.0.0.1:$OS2", "protocol": "http2", "discoveryName": "nginx-h2",
   "endpoints": ["127.0.0.1:$NG2"], "mutualTls": true},
  {"name": "redis", "direction": "inbound", "bind": "127.0.0.1:$OS3", "protocol": "tcp", "discoveryName": "redis",
   "endpoints": ["127.0.0.1:$RD"], "mutualTls": true}]}
CONF
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" proxy --config "$work/proxy-server.json" --mesh-cert "$tls/server.pem" \
    --mesh-key "$tls/server.key" --mesh-trust "$tls/ca.pem" 2>"$work/proxy-server.log" &
  OURS_SERVER=$!
  pids+=($OURS_SERVER)
  ours_args=(--mesh-cert "$tls/client.pem" --mesh-key "$tls/client.key" --mesh-trust "$tls/ca.pem")
  ours_main=(dev.svcconnect.cli.SvcConnect proxy) # static mesh certificates are the command line's
fi
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$jar" "${ours_main[@]}" --config "$work/proxy.json" "${ours_args[@]}" 2>"$work/proxy.log" &
OURS=$!
pids+=($OURS)

ready_admins=("$ADMIN"); [ "$MODE" = tls ] && ready_admins+=("$OSADMIN") # the server side of the pair too
all_ready() { for port in "${ready_admins[@]}"; do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 || return 1; done; }
for i in $(seq 1 300); do # up to 30 s: a loaded machine starts the JVM slowly
  all_ready && curl -sf "http://127.0.0.1:$HA1/" >/dev/null 2>&1 \
    && redis-cli -p "$RD" PING >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$US1/" >/dev/null || { echo "bench: our proxy did not start:" >&2; cat "$work/proxy.log" >&2
  [ "$MODE" = tls ] && cat "$work/proxy-server.log" >&2; exit 1; }

ours_pids=("$OURS"); [ "$MODE" = tls ] && ours_pids+=("$OURS_SERVER")
cpu_ticks() { for pid in "${ours_pids[@]}"; do awk '{print $14 + $15}' "/proc/$pid/stat"; done | awk '{t += $1} END {print t}'; }
TICKS=$(getconf CLK_TCK)

# Each run prints: rps p50_ms p99_ms requests
run_wrk() {
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$1/")
  local rps p50 p99 reqs
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $reqs"
}
to_ms() { # wrk latency like 1.23ms / 456.00us / 1.02s
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'
}
run_h2load() {
  local log="$work/h2load.log"
  local out
  rm -f "$log"
  out=$(h2load -c 10 -m 10 -D "$DURATION" --warm-up-time=1 --log-file="$log" "http://127.0.0.1:$1/" 2>&1)
  local rps total
  rps=$(awk '/^finished in/ {for (i=1;i<=NF;i++) if ($i ~ /req\/s/) {print $(i-1)+0}}' <<<"$out")
  total=$(awk '/^requests:/ {print $2}' <<<"$out")
  sort -n -k3 "$log" | awk -v rps="$rps" -v total="$total" '{a[NR]=$3} END {printf "%s %.3f %.3f %d\n", rps, a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, total}'
}
run_redis() {
  local out
  out=$(redis-benchmark -p "$1" -c "$CONNECTIONS" -n "$REDIS_REQUESTS" -t get --csv 2>/dev/null | tail -1)
  # "GET","rps","avg","min","p50","p95","p99","max"
  awk -F'"' -v n="$REDIS_REQUESTS" '{printf "%s %s %s %d\n", $4, $10, $14, n}' <<<"$out"
}

# Warm up our proxy's JIT before measuring (a cold JVM is several times slower).
wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$US1/" >/dev/null
h2load -c 10 -m 10 -D "$WARMUP" "http://127.0.0.1:$US2/" >/dev/null 2>&1
redis-benchmark -p "$US3" -c "$CONNECTIONS" -n $((5000 * WARMUP)) -t get -q >/dev/null

declare -A results
ours_cpu=0; ours_reqs=0
for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round of $ROUNDS" >&2
  for proto in http1 http2 tcp; do
    for target in direct haproxy ours; do
      case "$proto/$target" in
        http1/direct) port=$NG1 ;; http1/haproxy) port=$HA1 ;; http1/ours) port=$US1 ;;
        http2/direct) port=$NG2 ;; http2/haproxy) port=$HA2 ;; http2/ours) port=$US2 ;;
        tcp/direct) port=$RD ;; tcp/haproxy) port=$HA3 ;; tcp/ours) port=$US3 ;;
      esac
      before=$(cpu_ticks)
      case "$proto" in
        http1) line=$(run_wrk "$port") ;;
        http2) line=$(run_h2load "$port") ;;
        tcp) line=$(run_redis "$port") ;;
      esac
      after=$(cpu_ticks)
      if [ "$target" = ours ]; then
        ours_cpu=$((ours_cpu + after - before))
        ours_reqs=$((ours_reqs + $(awk '{print $4}' <<<"$line")))
        results[$proto/cpu]="${results[$proto/cpu]:-} $((after - before)):$(awk '{print $4}' <<<"$line")"
      fi
      results[$proto/$target]="${results[$proto/$target]:-}$line;"
    done
  done
done

median() { # the run with the median req/s among "rps p50 p99 reqs;..." rounds
  tr ';' '\n' <<<"$1" | sed '/^$/d' | sort -n -k1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$OURS/status")
hwm_kib=$(awk '/VmHWM/ {print $2}' "/proc/$OURS/status")

if [ "$MODE" = tls ]; then
  # Full TLS 1.3 handshakes with a client certificate at each server side, one client, DURATION seconds.
  handshakes() {
    openssl s_time -connect "127.0.0.1:$1" -tls1_3 -new -time "$DURATION" -cert "$tls/client.pem" \
      -key "$tls/client.key" -CAfile "$tls/ca.pem" 2>/dev/null \
      | awk '/connections in/ && /real seconds/ {printf "%.0f", $1 / $4}'
  }
  hs_haproxy=$(handshakes "$HS3"); hs_ours=$(handshakes "$OS3")
fi

echo
echo "svc-connect proxy benchmark ($MODE): $(nproc) cores, $THREADS thread(s) per proxy, ${ROUNDS} interleaved rounds of ${DURATION}s (median round shown), loopback"
printf '%-7s %-8s %12s %9s %9s %12s %12s\n' protocol via "req/s" "p50 ms" "p99 ms" "ours/HAP" "ours/direct"
for proto in http1 http2 tcp; do
  d=$(median "${results[$proto/direct]}"); h=$(median "${results[$proto/haproxy]}"); o=$(median "${results[$proto/ours]}")
  for target in direct haproxy ours; do
    case $target in direct) l=$d ;; haproxy) l=$h ;; ours) l=$o ;; esac
    read -r rps p50 p99 _ <<<"$l"
    if [ "$target" = ours ]; then
      rh=$(awk -v a="${o%% *}" -v b="${h%% *}" 'BEGIN {printf "%.2f", a/b}')
      rd=$(awk -v a="${o%% *}" -v b="${d%% *}" 'BEGIN {printf "%.2f", a/b}')
    else
      rh=""; rd=""
    fi
    printf '%-7s %-8s %12.0f %9.3f %9.3f %12s %12s\n' "$proto" "$target" "$rps" "$p50" "$p99" "$rh" "$rd"
  done
done
echo
for proto in http1 http2 tcp; do
  awk -v runs="${results[$proto/cpu]}" -v tck="$TICKS" -v p="$proto" 'BEGIN {
    n = split(runs, r, " "); t = 0; q = 0
    for (i = 1; i <= n; i++) { split(r[i], x, ":"); t += x[1]; q += x[2] }
    printf "ours %-5s CPU: %.4f s per 1000 requests\n", p, (t / tck) / (q / 1000) }'
done
echo "ours RSS: $((rss_kib / 1024)) MiB now, $((hwm_kib / 1024)) MiB peak (JAVA_OPTS: $JAVA_OPTS)"
if [ "$MODE" = tls ]; then
  echo "ours and HAProxy are pairs: client side -> mutual TLS 1.3 -> server side -> backend; CPU sums both JVMs"
  echo "full TLS 1.3 handshakes/s with a client certificate (openssl s_time, one client): HAProxy $hs_haproxy, ours $hs_ours"
fi
