#!/usr/bin/env bash
# `make load`: gunicorn on 127.0.0.1 against the PostgreSQL of DATABASE_URL (seeded by seed_scale
# or seed_demo), 50 people signed in, 60 s of pages and API calls, then the figures.
#
# Variables (defaults):
#   DATABASE_URL      required; a PostgreSQL database already seeded (README, "Load test")
#   LOAD_USERS=50  LOAD_DURATION=60  LOAD_THINK=1 (mean seconds between a user's requests)
#   LOAD_PORT=8765  LOAD_WORKERS=3  LOAD_THREADS=4 (gunicorn gthread: 3 × 4 on 2 cores)
#   LOAD_PASSWORD     the password the seed_scale users were given (seed_scale --password)
#   LOAD_SET_PASSWORD=1  give LOAD_PASSWORD to the chosen seed_scale users first
#   LOAD_MAX_P95_MS=300  LOAD_STRICT=0 (1: exit 1 on any error or a p95 above the target)
#   CACHE_URL=redis://127.0.0.1:6379/10 (dashboard figures shared by the gunicorn processes)
#   LOAD_ARGS         more arguments for bench/loadtest/load.py (e.g. --max-requests 20000)
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
: "${DATABASE_URL:?set DATABASE_URL to a seeded PostgreSQL database (see README, Load test)}"
case "$DATABASE_URL" in
postgres://* | postgresql://*) ;;
*) echo "DATABASE_URL must be PostgreSQL" >&2 && exit 2 ;;
esac
LOAD_USERS=${LOAD_USERS:-50}
LOAD_DURATION=${LOAD_DURATION:-60}
LOAD_THINK=${LOAD_THINK:-1}
LOAD_PORT=${LOAD_PORT:-8765}
LOAD_WORKERS=${LOAD_WORKERS:-3}
LOAD_THREADS=${LOAD_THREADS:-4}
LOAD_MAX_P95_MS=${LOAD_MAX_P95_MS:-300}

work=$(mktemp -d)
server_pid=""
cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Production settings, over plain HTTP on the loopback interface.
export DATABASE_URL
export DJANGO_DEBUG=0
export SECRET_KEY="load-test-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0
# collectstatic compresses every file once: keep the result between runs.
export STATIC_ROOT="${LOAD_STATIC_ROOT:-${TMPDIR:-/tmp}/congvu-load-static}"
export MEDIA_ROOT="${MEDIA_ROOT:-$work/media}"
# The processes share kept dashboard figures, as in production (docker-compose.yml).
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/10}"
export LOG_LEVEL=ERROR # not a line per 404 of the workspace probes
# No broker: the pages and calls of the load test queue no task.
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND

echo "== database: migrate, static files"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0

echo "== sign-ins"
prepare=(--count "$LOAD_USERS")
if [ "${LOAD_SET_PASSWORD:-0}" = 1 ]; then
	prepare+=(--set-password "${LOAD_PASSWORD:?LOAD_SET_PASSWORD=1 needs LOAD_PASSWORD}")
elif [ -n "${LOAD_PASSWORD:-}" ]; then
	prepare+=(--password "$LOAD_PASSWORD")
fi
"$PY" bench/loadtest/prepare_users.py "${prepare[@]}" >"$work/users.json"

echo "== gunicorn on 127.0.0.1:$LOAD_PORT ($LOAD_WORKERS workers × $LOAD_THREADS threads)"
"$GUNICORN" config.wsgi:application \
	--bind "127.0.0.1:$LOAD_PORT" \
	--workers "$LOAD_WORKERS" --worker-class gthread --threads "$LOAD_THREADS" \
	--keep-alive 30 --timeout 60 --graceful-timeout 5 --log-level warning &
server_pid=$!
for _ in $(seq 1 60); do
	if "$PY" -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:$LOAD_PORT/healthz', timeout=2).status_code != 200)" 2>/dev/null; then
		break
	fi
	kill -0 "$server_pid" 2>/dev/null || { echo "gunicorn did not start" >&2 && exit 1; }
	sleep 1
done

echo "== load: $LOAD_USERS users, $LOAD_DURATION s"
args=(--base-url "http://127.0.0.1:$LOAD_PORT" --users-file "$work/users.json"
	--users "$LOAD_USERS" --duration "$LOAD_DURATION" --think "$LOAD_THINK"
	--max-p95-ms "$LOAD_MAX_P95_MS")
if [ "${LOAD_STRICT:-0}" = 1 ]; then
	args+=(--strict)
fi
# shellcheck disable=SC2086
"$PY" bench/loadtest/load.py "${args[@]}" ${LOAD_ARGS:-}
