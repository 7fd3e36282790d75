#!/bin/sh
# Starts one emulated ARPANET host: the NCP daemon as user ncp, the ftp-server as ftp and the
# mailer as mailer, each a separate process restarted when it dies. POSIX sh with commands that
# both base images have (busybox, or Ubuntu's coreutils and util-linux).
#
# Environment:
#   HOST_NAME         this host's name in the host table (required), e.g. HOST-A
#   HOSTS_FILE        host table path (default /etc/arpanet/hosts)
#   HOSTS_TABLE       when set, written to HOSTS_FILE first; entries separated by newlines or ";"
#   POLICY            default | open | a policy file path (default: default)
#   UNAUTHENTICATED   accept | reject: what the ftp-server does with unauthenticated mail (accept)
#   DISTRUSTED_HOSTS  host names (space or comma separated) written to /etc/arpanet/distrusted-hosts
#   NCP_TRACE         true: the daemon logs every control command
#   NCP_DAEMON_OPTS, FTP_SERVER_OPTS, MAILER_OPTS   extra options, split at spaces
#   SERVICE_JAVA_OPTS JVM options of the three programs (default: none). They follow the
#                     launchers' defaults (serial collector, C1 compiler only, a heap of at most
#                     64 MB for the daemon and 256 MB for the others, the class data sharing
#                     archives recorded when the image was built) and override them
#   RESTART_DELAY     seconds before a process that died is started again (default 2); a process
#                     that dies within 10 s of its start waits twice as long each time, up to 60 s
#
# With arguments, the host is prepared (directories, host table, policy) and the arguments are
# run instead of the programs, e.g. `docker run IMAGE sh`.
set -eu

arpanet_home=${ARPANET_HOME:-/opt/arpanet}
docker_dir=$arpanet_home/docker
state_dir=/run/arpanet

hosts_file=${HOSTS_FILE:-/etc/arpanet/hosts}
ncp_socket=${NCP_SOCKET:-/run/ncp/ncp.sock}
submit_socket=${SUBMIT_SOCKET:-/run/mailer/submit.sock}
mail_root=${MAIL_ROOT:-/var/mail}
spool_dir=${SPOOL_DIR:-/var/spool/mailer}
unauthenticated=${UNAUTHENTICATED:-accept}
restart_delay=${RESTART_DELAY:-2}

log() { printf '%s entrypoint: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# --- Configuration ------------------------------------------------------------------------------

prepare_host() {
  sh "$docker_dir/layout.sh" "$docker_dir/users"
  mkdir -p "$state_dir"
  rm -f "$state_dir"/*.pid "$state_dir/stopping"

  if [ -n "${HOSTS_TABLE:-}" ]; then
    printf '%s\n' "$HOSTS_TABLE" | tr ';' '\n' | sed 's/^[[:space:]]*//' > "$hosts_file"
    log "host table written to $hosts_file from HOSTS_TABLE"
  fi
  [ -r "$hosts_file" ] || fail "host table $hosts_file not found; mount one or set HOSTS_TABLE"

  case "${POLICY:-default}" in
    default) policy_file=/etc/arpanet/policy.default ;;
    open) policy_file=/etc/arpanet/policy.open ;;
    /*) policy_file=$POLICY ;;
    *) fail "POLICY must be default, open or an absolute file path, not '$POLICY'" ;;
  esac
  [ -r "$policy_file" ] || fail "policy file $policy_file not found"

  # ftp-server calls the first choice accept-and-mark.
  case "$unauthenticated" in
    accept | accept-and-mark) ftp_unauthenticated=accept-and-mark ;;
    reject) ftp_unauthenticated=reject ;;
    *) fail "UNAUTHENTICATED must be accept or reject, not '$unauthenticated'" ;;
  esac

  if [ -n "${DISTRUSTED_HOSTS:-}" ]; then
    printf '%s\n' "$DISTRUSTED_HOSTS" | tr ', ' '\n\n' | sed '/^$/d' > /etc/arpanet/distrusted-hosts
    chmod 0644 /etc/arpanet/distrusted-hosts
    log "distrusted hosts: $(tr '\n' ' ' < /etc/arpanet/distrusted-hosts)"
  fi
}

# --- Processes ----------------------------------------------------------------------------------

# Runs a command as another user, replacing the calling shell so that the command keeps its pid.
# util-linux setpriv (Ubuntu) sets uid, gid and supplementary groups without PAM; busybox has no
# such setpriv, and its su needs no password when root runs it.
if setpriv --help 2>&1 | grep -q -- '--reuid'; then
  run_as() {
    user=$1
    shift
    home=$(awk -F: -v n="$user" '$1 == n { print $6 }' /etc/passwd)
    HOME=$home USER=$user LOGNAME=$user exec setpriv --reuid="$user" --regid="$user" --init-groups "$@"
  }
else
  run_as() {
    user=$1
    shift
    # "--" ends su's options, or busybox would take the program's options as its own.
    exec su -s /bin/sh -c 'exec "$0" "$@"' -- "$user" "$@"
  }
fi

wait_for_socket() {
  waited=0
  while [ ! -S "$1" ]; do
    [ -e "$state_dir/stopping" ] && return 1
    if [ "$waited" -ge 120 ]; then
      log "$1 has not appeared after 60 s; starting anyway"
      return 0
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Runs NAME as USER, again and again until the host stops. Waits for the daemon's socket first
# when the variable after_socket names it.
supervise() {
  name=$1
  user=$2
  shift 2
  delay=$restart_delay

  while [ ! -e "$state_dir/stopping" ]; do
    if [ -n "${after_socket:-}" ]; then
      wait_for_socket "$after_socket" || break
    fi

    started=$(date +%s)
    (run_as "$user" "$@") &
    pid=$!
    echo "$pid" > "$state_dir/$name.pid"
    log "started $name as $user (pid $pid)"

    status=0
    wait "$pid" || status=$?
    rm -f "$state_dir/$name.pid"
    [ -e "$state_dir/stopping" ] && break

    if [ $(($(date +%s) - started)) -lt 10 ]; then
      delay=$((delay * 2))
      [ "$delay" -gt 60 ] && delay=60
    else
      delay=$restart_delay
    fi
    log "$name (pid $pid) exited with status $status; restarting in $delay s"
    sleep "$delay"
  done
  log "$name supervisor stopped"
}

stop_all() {
  log "stopping"
  touch "$state_dir/stopping"
  for pid_file in "$state_dir"/*.pid; do
    [ -e "$pid_file" ] || continue
    kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
  done
}

# --- Main ---------------------------------------------------------------------------------------

[ "$(id -u)" = 0 ] || fail "the entry point must run as root, so that it can start each program as its own user"
prepare_host

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

[ -n "${HOST_NAME:-}" ] || fail "HOST_NAME is not set; give this host's name in $hosts_file"
grep -v '^[[:space:]]*#' "$hosts_file" | awk -v h="$HOST_NAME" 'toupper($2) == toupper(h) { found = 1 } END { exit !found }' \
  || fail "HOST_NAME $HOST_NAME is not in $hosts_file"

trace=
case "${NCP_TRACE:-false}" in
  true | 1 | yes) trace=--trace ;;
esac

log "host $HOST_NAME: host table $hosts_file, policy $policy_file, unauthenticated mail: $unauthenticated"
trap stop_all TERM INT

# The launchers in bin/ pass JAVA_OPTS to java after their own defaults (bin/launch-java.sh).
JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
export JAVA_OPTS

# The option strings are split at spaces on purpose: they hold several options.
# shellcheck disable=SC2086
(supervise ncp-daemon ncp "$arpanet_home/bin/ncp-daemon" --host "$HOST_NAME" --hosts "$hosts_file" \
  --socket "$ncp_socket" --policy "$policy_file" $trace ${NCP_DAEMON_OPTS:-}) &

# shellcheck disable=SC2086
(after_socket=$ncp_socket supervise ftp-server ftp "$arpanet_home/bin/ftp-server" \
  --socket "$ncp_socket" --mail-root "$mail_root" --unauthenticated "$ftp_unauthenticated" \
  ${FTP_SERVER_OPTS:-}) &

# shellcheck disable=SC2086
(after_socket=$ncp_socket supervise mailer mailer "$arpanet_home/bin/mailer" \
  --socket "$ncp_socket" --submit-socket "$submit_socket" --spool "$spool_dir" \
  ${MAILER_OPTS:-}) &

# A trapped signal ends `wait` early: wait again until every supervisor has ended.
while [ ! -e "$state_dir/stopping" ]; do
  wait || true
  [ -e "$state_dir/stopping" ] || { log "every supervisor ended"; exit 1; }
done
wait || true
log "stopped"
