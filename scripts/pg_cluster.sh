#!/bin/sh
# pg_cluster.sh: a throwaway PostgreSQL cluster for the tests
# (docs/postgresql.md): its data and its socket in one temporary directory,
# no TCP port (listen_addresses is empty: only the socket in that
# directory), trust authentication for the user "gisac", the C locale (text
# sorted by bytes, as SQLite sorts it), fsync off (the data is thrown away).
#
#   pg_cluster.sh start DIR     make DIR, initdb into it and start the
#                               server; print the libpq connection string
#                               of the cluster ("host=DIR port=5432 user=gisac")
#   pg_cluster.sh createdb DIR NAME   a new database, print its URI
#   pg_cluster.sh stop DIR      stop the server and remove DIR
#   pg_cluster.sh restart DIR   stop and remove what DIR held (a run that
#                               was interrupted), then start
#
# initdb refuses to run as root: as root the cluster runs as the user
# "postgres" (made by Debian's postgresql package), else as "nobody".
set -eu

PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && PGBIN=$d
    done
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg_cluster: no initdb (install postgresql: scripts/deps.sh)" >&2
    exit 2
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

OWNER=""
if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then OWNER=postgres; else OWNER=nobody; fi
fi

cmd=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: pg_cluster.sh start|restart|createdb|stop DIR [NAME]" >&2; exit 2; }

stop() {
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "$cmd" in
restart)
    stop
    exec sh "$0" start "$dir"
    ;;
start)
    mkdir -p "$dir"
    [ -n "$OWNER" ] && chown "$OWNER" "$dir"
    chmod 700 "$dir"
    if [ -n "$OWNER" ] && ! runuser -u "$OWNER" -- test -w "$dir"; then
        echo "pg_cluster: $dir: the user $OWNER cannot reach it (make it under a directory all may enter, such as /tmp)" >&2
        exit 1
    fi
    as_owner "$PGBIN/initdb" -D "$dir/data" -U gisac --auth=trust --no-locale -E UTF8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses= -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir port=5432 user=gisac"
    ;;
createdb)
    name=${3:?createdb needs a NAME}
    "$PGBIN/createdb" -h "$dir" -p 5432 -U gisac "$name"
    echo "postgresql:///$name?host=$dir&port=5432&user=gisac"
    ;;
stop)
    stop
    ;;
*)
    echo "usage: pg_cluster.sh start|restart|createdb|stop DIR [NAME]" >&2
    exit 2
    ;;
esac
