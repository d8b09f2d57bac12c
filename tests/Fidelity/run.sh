#!/usr/bin/env bash
# Runs third-party QuickBooks clients (intuit-oauth, node-quickbooks) against the command-line simulator.
# Ends with exactly one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd ../.. && pwd)
log=$(mktemp)
out=$(mktemp)
sim_pid=""

cleanup() {
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM -- "-$sim_pid" 2>/dev/null || kill -TERM "$sim_pid" 2>/dev/null
    wait "$sim_pid" 2>/dev/null
  fi
  rm -f "$log" "$out"
}
trap cleanup EXIT

fail() {
  echo "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

npm ci --no-audit --no-fund >/dev/null 2>&1 || fail "npm ci failed in $here."

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
realm=9130355000000042
# Its own session, so stopping it also stops the process dotnet run starts.
setsid dotnet run --project "$root/tools/QuickBooksSimulator" -- --port "$port" --realm "$realm" >"$log" 2>&1 &
sim_pid=$!

ready=""
for _ in $(seq 1 240); do
  if curl -sf "http://localhost:$port/health" >/dev/null 2>&1; then
    ready=yes
    break
  fi
  kill -0 "$sim_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ready" ]; then
  cat "$log" >&2
  fail "The simulator did not answer on port $port."
fi

SIM_BASE_URL="http://localhost:$port/" SIM_REALM="$realm" \
  node --test --test-reporter=tap fidelity.test.js >"$out" 2>&1
rc=$?

passed=$(grep -E '^# pass [0-9]+' "$out" | awk '{print $3}')
failed=$(grep -E '^# fail [0-9]+' "$out" | awk '{print $3}')
passed=${passed:-0}
failed=${failed:-0}
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
  cat "$out" >&2
  [ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
