#!/bin/sh
# Records the class data sharing archives of ncp-daemon, ncp, ftp-server and mailer when the image
# is built, so that every container maps their classes instead of loading them from the jars.
# Starts a one-host network on loopback, waits until each program is ready, stops them all, and
# moves each archive that the JVM wrote at exit to MODULE/target/PROGRAM.jsa, where
# bin/launch-java.sh looks for it. A failure only costs start-up time: it is logged and the
# script still exits 0.
#
# Usage: record-class-sharing.sh [ARPANET_HOME]      (default: $ARPANET_HOME or /opt/arpanet)
set -u

home=${1:-${ARPANET_HOME:-/opt/arpanet}}
work=$(mktemp -d "${TMPDIR:-/tmp}/class-sharing.XXXXXX")
pids=

say() { printf '[record-class-sharing] %s\n' "$*"; }

wait_for_socket() {
  tries=0
  while [ ! -S "$1" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 600 ] || return 1
    sleep 0.1
  done
}

record() {
  printf '1 HOST-A 127.0.0.1:1822\n' > "$work/hosts"
  # An empty policy reserves no socket, so root may bind socket 3 and the mailer's sockets.
  : > "$work/policy"
  mkdir -p "$work/mail" "$work/spool"

  "$home/bin/ncp-daemon" --host HOST-A --hosts "$work/hosts" --socket "$work/ncp.sock" \
    --policy "$work/policy" > "$work/ncp-daemon.log" 2>&1 &
  pids="$pids $!"
  wait_for_socket "$work/ncp.sock" || { say "ncp-daemon did not start:"; cat "$work/ncp-daemon.log"; return 1; }

  "$home/bin/ftp-server" --socket "$work/ncp.sock" --mail-root "$work/mail" > "$work/ftp-server.log" 2>&1 &
  pids="$pids $!"
  "$home/bin/mailer" --socket "$work/ncp.sock" --spool "$work/spool" --submit-socket "$work/submit.sock" \
    > "$work/mailer.log" 2>&1 &
  pids="$pids $!"
  wait_for_socket "$work/submit.sock" || { say "mailer did not start:"; cat "$work/mailer.log"; return 1; }

  # ncp status exercises the daemon's local API; the pause lets ftp-server finish its start.
  "$home/bin/ncp" --socket "$work/ncp.sock" status > /dev/null || say "ncp status failed"
  sleep 2
}

record || say "recording failed; the programs will start without archives"

for pid in $pids; do
  kill -TERM "$pid" 2>/dev/null
done
for pid in $pids; do
  wait "$pid" 2>/dev/null
done

# bin/launch-java.sh marks the start of each recording with an empty .start file.
for started in "$home"/*/target/*.jsa.pid*.start; do
  [ -f "$started" ] || continue
  recorded=${started%.start}
  archive=${recorded%.pid*}
  if [ -f "$recorded" ]; then
    mv -f "$recorded" "$archive" && chmod 0444 "$archive" && say "recorded $archive"
  fi
  rm -f "$recorded" "$started"
done
rm -rf "$work"
exit 0
