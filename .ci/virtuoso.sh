#!/usr/bin/env bash
# Virtuoso for the integration tests (tests/test_endpoint.py).
#
#   .ci/virtuoso.sh install     install the Debian package non-interactively (idempotent)
#   .ci/virtuoso.sh start DIR   start a throw-away server with its database in DIR; prints the endpoint URL
#   .ci/virtuoso.sh stop DIR    stop the server started in DIR (by its process id)
#
# The pytest fixture (tests/virtuoso_support.py) starts and stops its own
# servers; CI only needs `install`. start/stop are for trying queries by hand.
set -euo pipefail

install() {
  if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    return 0
  fi
  # The package asks for a dba password; answer it so the install never waits.
  echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | debconf-set-selections
  echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local dir; dir="$(realpath -m "$1")"
  mkdir -p "$dir"
  local sql http; sql="$(free_port)"; http="$(free_port)"
  cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, $dir
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
[SPARQL]
ResultSetMaxRows = 100000
INI
  (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
  echo $! >"$dir/virtuoso.pid"
  for _ in $(seq 1 120); do
    if isql-vt "127.0.0.1:$sql" dba dba exec="status();" >/dev/null 2>&1; then
      isql-vt "127.0.0.1:$sql" dba dba exec='GRANT SPARQL_UPDATE TO "SPARQL";' >/dev/null
      echo "http://127.0.0.1:$http/sparql"
      return 0
    fi
    sleep 0.5
  done
  echo "virtuoso did not start; see $dir/virtuoso.log" >&2
  stop "$dir"
  return 1
}

stop() {
  local pidfile; pidfile="$(realpath -m "$1")/virtuoso.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:?usage: $0 start DIR}" ;;
  stop) stop "${2:?usage: $0 stop DIR}" ;;
  *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
