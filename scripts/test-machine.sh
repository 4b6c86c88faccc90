#!/usr/bin/env bash
# Everything `make test` needs from the machine, checked (and installed where we may) before
# the suite runs, so a newcomer on a fresh Debian or Ubuntu machine gets either a working run
# or one clear sentence saying what to do.
#
#   scripts/test-machine.sh           install missing Debian packages (as root, or with sudo
#                                     without a password), start local PostgreSQL and Redis if
#                                     they do not answer, validate docker-compose.yml
#   scripts/test-machine.sh --check   only check; exit 1 with the commands to run
#
# Environment: TEST_DATABASE_URL, TEST_BROKER_URL (as in the Makefile);
# TEST_MACHINE_PACKAGES overrides the package list (used by the suite's own test of this script).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

# Chromium for browser journeys; WeasyPrint's Pango and HarfBuzz (the subsetter makes PDF bytes
# the same on every machine); gettext for the catalogue; poppler to look at PDFs;
# docker-compose only validates docker-compose.yml; the PostgreSQL and Redis clients check that
# the services answer.
default_packages="make chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext
poppler-utils docker-compose postgresql-client redis-tools"
read -r -a packages <<< "$(echo ${TEST_MACHINE_PACKAGES:-$default_packages})"

database_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/congvu}"
broker_url="${TEST_BROKER_URL:-redis://127.0.0.1:6379/15}"

fail() {
  echo "" >&2
  echo "make test cannot run on this machine yet: $1" >&2
  shift
  for line in "$@"; do echo "    $line" >&2; done
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

# --- Debian packages -----------------------------------------------------------------------
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$check_only" -eq 1 ] || ! command -v apt-get >/dev/null; then
    fail "missing Debian packages: ${missing[*]}" "sudo sh -c '$install_command'"
  fi
  echo "Installing the Debian packages the suite needs: ${missing[*]}"
  if ! as_root apt-get update -qq || ! as_root apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null; then
    fail "could not install ${missing[*]} (not root and no password-less sudo, or apt failed)" \
      "sudo sh -c '$install_command'"
  fi
fi

# --- Services ------------------------------------------------------------------------------
# host and port of a URL like scheme://user:pass@host:port/path
host_of() { local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"; echo "${rest%%:*}"; }
port_of() {
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"
  [ "${rest#*:}" != "$rest" ] && echo "${rest#*:}" || echo "$2"
}
is_local() { case "$1" in 127.0.0.1|localhost|::1) return 0 ;; *) return 1 ;; esac; }

db_host=$(host_of "$database_url"); db_port=$(port_of "$database_url" 5432)
redis_host=$(host_of "$broker_url"); redis_port=$(port_of "$broker_url" 6379)

postgres_up() { pg_isready -h "$db_host" -p "$db_port" -q 2>/dev/null; }
redis_up() { redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null | grep -q PONG; }

if ! postgres_up && [ "$check_only" -eq 0 ] && is_local "$db_host" && command -v pg_ctlcluster >/dev/null; then
  echo "Starting the local PostgreSQL cluster"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
fi
if ! redis_up && [ "$check_only" -eq 0 ] && is_local "$redis_host" && command -v redis-server >/dev/null; then
  echo "Starting a local Redis server"
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$redis_port" --save "" \
    --appendonly no --dir /tmp --logfile /tmp/congvu-redis.log || true
fi
for _ in $(seq 1 30); do
  postgres_up && redis_up && break
  [ "$check_only" -eq 1 ] && break
  sleep 1
done
postgres_up || fail "PostgreSQL does not answer at $db_host:$db_port (TEST_DATABASE_URL)." \
  "Install and start it: sudo apt-get install postgresql && sudo pg_ctlcluster <version> main start" \
  "or point TEST_DATABASE_URL at a PostgreSQL 15+ server where the user may create databases."
redis_up || fail "Redis does not answer at $redis_host:$redis_port (TEST_BROKER_URL)." \
  "Install and start it: sudo apt-get install redis-server && redis-server --daemonize yes" \
  "or point TEST_BROKER_URL at a Redis server."

# --- docker-compose.yml --------------------------------------------------------------------
if command -v docker-compose >/dev/null; then
  docker-compose -f docker-compose.yml config -q || fail "docker-compose.yml is not valid."
fi
echo "Test machine ready: packages, PostgreSQL at $db_host:$db_port, Redis at $redis_host:$redis_port."
