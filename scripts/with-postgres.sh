#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb into a temporary folder, start it
# on a free local port with trust auth, export DATABASE_URL, run the command, and stop and remove
# the cluster at exit, pass or fail. Usage: scripts/with-postgres.sh npm test
set -euo pipefail

find_pg_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

PG_BIN=$(find_pg_bin || true)
if [ -z "${PG_BIN}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL not found: installing Debian's postgresql" >&2
    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(find_pg_bin)
  else
    echo "PostgreSQL server binaries not found; install Debian's postgresql package" >&2
    exit 1
  fi
fi

WORK=$(mktemp -d /tmp/lianluo-pg.XXXXXX)
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# initdb refuses to run as root; run the cluster as the unprivileged postgres (or nobody) user.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || PGUSER_OS=nobody
  chown "$PGUSER_OS" "$WORK"
  RUN_AS=(runuser -u "$PGUSER_OS" --)
fi

cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log" >&2; exit 1; }
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$WORK/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
# The same server through its Unix socket (benchmarks use it, as a co-located deployment would).
export LIANLUO_PG_SOCKET_URL="postgres://postgres@localhost/postgres?host=$WORK&port=$PORT"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PORT (throwaway cluster in $WORK)" >&2
"$@"
