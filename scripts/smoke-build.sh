#!/usr/bin/env bash
# Runs the production build once, as an operator would: `npm run build`, a staff account made
# with the compiled CLI, then `NODE_ENV=production npm start` (node on server/dist, not tsx) on
# an embedded database in a temporary DATA_DIR; waits for /readyz, logs the staff account in
# through the API, and stops the server with SIGTERM. Fails on any step. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SMOKE_PORT:-3917}"
data="$(mktemp -d)"
log="$data/server.log"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; fi
  rm -rf "$data"
}
trap cleanup EXIT

export NODE_ENV=production
export HOST=127.0.0.1 PORT="$port" PUBLIC_URL="http://localhost:$port" DATA_DIR="$data/db"
APP_SECRET="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
DATA_KEYS="k1:$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
# Production requires SMTP; nothing is mailed in this run, so nothing needs to listen there.
# Production requires an SMS choice too: none on purpose (no provider is reachable from CI).
export APP_SECRET DATA_KEYS SMTP_URL="smtp://127.0.0.1:2525" SMS_PROVIDERS=none LOG_LEVEL=warn

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "FAIL: port $port is already in use (set SMOKE_PORT)"; exit 1
fi

echo "build"
npm run -s build >/dev/null

echo "staff account (compiled CLI)"
email="smoke.admin@example.com"
created="$(node server/dist/staff.js create --email "$email" --role admin)"
password="$(printf '%s\n' "$created" | sed -n 's/^first password (shown once): //p')"
[ -n "$password" ] || { echo "FAIL: no first password in: $created"; exit 1; }

echo "start (NODE_ENV=production node scripts/start.mjs, what npm start runs)"
# Without npm in between, so SIGTERM reaches the server itself.
node scripts/start.mjs >"$log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "FAIL: the server exited"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/readyz" | grep -q '"ready"' || { cat "$log"; echo "FAIL: /readyz"; exit 1; }
if grep -q 'tsx' "/proc/$server/maps" 2>/dev/null || [ ! -f server/dist/main.js ]; then
  echo "FAIL: production start is not the compiled server"; exit 1
fi

echo "log in"
body="$(node -e 'console.log(JSON.stringify({ identifier: process.argv[1], password: process.argv[2] }))' "$email" "$password")"
status="$(curl -sS -o "$data/login.json" -w '%{http_code}' -H 'content-type: application/json' \
  -H "origin: $PUBLIC_URL" --data "$body" "http://127.0.0.1:$port/api/v1/sessions")"
[ "$status" = 200 ] || { cat "$data/login.json" "$log"; echo "FAIL: log-in answered $status"; exit 1; }
grep -q '"role":"admin"' "$data/login.json" || { cat "$data/login.json"; echo "FAIL: log-in body"; exit 1; }

echo "stop (SIGTERM)"
kill -TERM "$server"
wait "$server" || { cat "$log"; echo "FAIL: the server did not exit cleanly"; exit 1; }
server=""
echo "smoke test of the compiled build: ok"
