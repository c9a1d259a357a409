#!/usr/bin/env bash
# Dev-server load test (SECURITY.md): `styrdok serve` on a copy of the bundled site, on
# 127.0.0.1 only, with SSE live-reload streams held open (default 500) while wrk runs
# HTTP clients (default 100 connections) over the site's pages for SECS (default 30) s.
# Meanwhile a content file is edited (every stream must get the reload) and path
# traversal attempts run in a loop (none may answer 200 or leak a file outside the site).
# Prints wrk's latency distribution (p99) and a summary; exits 1 on any error.
#   benches/load_test.sh            SSE=500 CONNS=100 SECS=30 by default
#   SSE=50 CONNS=10 SECS=5 benches/load_test.sh   (a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."
SSE=${SSE:-500}
CONNS=${CONNS:-100}
SECS=${SECS:-30}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet
bin=$PWD/target/release/styrdok

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

site=$work/site
mkdir -p "$site"
cp -r content theme styrdok.yaml "$site/"
# A file just outside the site: traversal must never reach it.
secret="styrdok-secret-$RANDOM$RANDOM"
echo "$secret" >"$work/outside.txt"

# Paths to request: every page and data file of a build of the same site, less the
# content-hashed search files (the edit below replaces them, so they 404 by design).
"$bin" build --quiet --root "$site" --output "$work/built"
(cd "$work/built" && find . -type f ! -name '.*' | sed 's|^\./|/|; s|/index\.html$|/|' | grep -v '^/search/[it]/' | sort) >"$work/paths.txt"
{
    echo 'local paths = {'
    sed 's/.*/  "&",/' "$work/paths.txt"
    echo '}'
    cat <<'LUA'
local i = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
function response(status, headers, body)
  if status >= 300 then statuses[status] = (statuses[status] or 0) + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do io.write(string.format("status %d: %d responses\n", code, n)) end
  end
end
LUA
} >"$work/paths.lua"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --root "$site" --port "$port" --bind 127.0.0.1 >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$base/" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "$base/" || { echo "server did not start"; cat "$work/serve.log"; exit 1; }

# SSE clients: open every stream, then count what each receives until told to stop.
cat >"$work/sse.py" <<'PY'
import asyncio, json, sys, time
port, n, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
stats = {"opened": 0, "refused": 0, "closed_early": 0, "events_min": None, "events_max": 0}
counts = []
async def client(i, ready):
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"GET /__styrdok/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        await w.drain()
        try:
            status = await asyncio.wait_for(r.readline(), 20)
        except asyncio.TimeoutError:
            status = b""
        if b" 200 " not in status:
            stats["refused"] += 1
            return
        stats["opened"] += 1
        ready.append(i)
        events = 0
        end = start + secs
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            try:
                line = await asyncio.wait_for(r.readline(), left)
            except asyncio.TimeoutError:
                break
            if not line:
                stats["closed_early"] += 1
                break
            if line.startswith(b"data:"):
                events += 1
        counts.append(events)
        w.close()
    except OSError:
        stats["refused"] += 1
async def main():
    global start
    start = time.monotonic()
    ready = []
    tasks = [asyncio.create_task(client(i, ready)) for i in range(n)]
    while len(ready) + stats["refused"] < n and time.monotonic() - start < 20:
        await asyncio.sleep(0.05)
    print(json.dumps({"connected": len(ready)}), flush=True)
    await asyncio.gather(*tasks)
    stats["events_min"] = min(counts) if counts else 0
    stats["events_max"] = max(counts) if counts else 0
    print(json.dumps(stats), flush=True)
asyncio.run(main())
PY
python3 "$work/sse.py" "$port" "$SSE" "$((SECS + 15))" >"$work/sse.out" &
sse_pid=$!
for _ in $(seq 200); do
    [ -s "$work/sse.out" ] && break
    sleep 0.1
done
echo "SSE streams open: $(head -1 "$work/sse.out")"

# Traversal attempts, over and over while the load runs.
cat >"$work/traversal.txt" <<'EOF'
/../outside.txt
/..%2foutside.txt
/%2e%2e/outside.txt
/%2e%2e%2foutside.txt
/static/../../outside.txt
/static/..%2f..%2foutside.txt
/..\outside.txt
/..%5coutside.txt
//outside.txt
/./../outside.txt
/....//outside.txt
/%252e%252e/outside.txt
/static/%2e%2e/%2e%2e/outside.txt
/../../../../../../etc/passwd
/nykoping-kan-dso/../../../etc/passwd
/%00/../outside.txt
EOF
(
    end=$((SECONDS + SECS))
    tries=0 leaks=0
    while [ $SECONDS -lt $end ]; do
        while read -r p; do
            code=$(curl -s --path-as-is -o "$work/t.body" -w '%{http_code}' "$base$p" || echo 000)
            tries=$((tries + 1))
            if [ "$code" = 200 ] || grep -q -e "$secret" -e 'root:x:0' "$work/t.body" 2>/dev/null; then
                leaks=$((leaks + 1))
                echo "LEAK: $p -> $code" >&2
            fi
        done <"$work/traversal.txt"
    done
    echo "$tries $leaks" >"$work/traversal.out"
) &
trav_pid=$!

# Halfway through, edit a document: every open stream must be told to reload.
(
    sleep $((SECS / 2))
    doc=$(ls "$site"/content/*/*.md | head -1)
    printf '\nÄndrad under lasttestet.\n' >>"$doc"
) &

echo "wrk: $THREADS threads, $CONNS connections, ${SECS}s, $(wc -l <"$work/paths.txt") paths"
wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s "$work/paths.lua" "$base/" | tee "$work/wrk.out"
wait "$trav_pid"
wait "$sse_pid"

requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
socket_errors=$(grep -o 'Socket errors:.*' "$work/wrk.out" || true)
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
read -r tries leaks <"$work/traversal.out"
sse=$(tail -1 "$work/sse.out")
echo
echo "== summary"
echo "HTTP: $requests requests, p99 latency $p99, non-2xx: ${non2xx:-0}, ${socket_errors:-no socket errors}"
echo "SSE: $sse (of $SSE)"
echo "traversal: $tries attempts, $leaks answered 200 or leaked"

fail=0
[ -z "${non2xx:-}" ] || fail=1
[ -z "$socket_errors" ] || fail=1
[ "$leaks" = 0 ] || fail=1
python3 - "$sse" "$SSE" <<'PY' || fail=1
import json, sys
s, n = json.loads(sys.argv[1]), int(sys.argv[2])
ok = s["opened"] == n and s["refused"] == 0 and s["closed_early"] == 0 and s["events_min"] >= 2
print("SSE:", "ok: every stream stayed open and got the hello and the reload" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
if [ $fail = 0 ]; then echo "load test passed"; else echo "load test FAILED"; exit 1; fi
