#!/usr/bin/env bash
# A private PostgreSQL for the cluster tests and benchmarks: its own data folder and port, started if not running,
# with an empty database for Orleans. Prints the connection string on stdout; safe to run again.
#   tools/postgres/test-db.sh [start|stop]      (PGTEST_PORT, PGTEST_DIR override the defaults)
set -euo pipefail
port="${PGTEST_PORT:-55439}"
dir="${PGTEST_DIR:-${TMPDIR:-/tmp}/mlnet-transfer-pg-$port}"
db=mlnet_cluster
user=mlnet

bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bin="$candidate"; done
if [ -z "$bin" ] && command -v initdb >/dev/null; then bin="$(dirname "$(command -v initdb)")"; fi
if [ -z "$bin" ]; then echo "PostgreSQL server binaries (initdb) not found; install postgresql" >&2; exit 3; fi

# The server refuses to run as root: run it as the postgres account where this shell is root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "running as root and there is no 'postgres' user to own the server" >&2; exit 3; }
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-start}" = stop ]; then
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 3; }
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  # Only a local socket folder of its own and the loopback address: nothing else on the machine is touched.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; exit 3; }
fi
if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db"
fi
echo "Host=127.0.0.1;Port=$port;Username=$user;Database=$db"
