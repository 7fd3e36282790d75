#!/bin/sh
# Reports the host healthy when its three programs run and the daemon responds on its local API:
# the ftp-server and mailer processes are alive, the mailer's submission socket exists, and
# `ncp status` gets a reply from the daemon.
set -eu

state_dir=/run/arpanet
ncp_socket=${NCP_SOCKET:-/run/ncp/ncp.sock}
submit_socket=${SUBMIT_SOCKET:-/run/mailer/submit.sock}

for name in ncp-daemon ftp-server mailer; do
  pid=$(cat "$state_dir/$name.pid" 2>/dev/null) || { echo "$name is not running"; exit 1; }
  kill -0 "$pid" 2>/dev/null || { echo "$name (pid $pid) is not running"; exit 1; }
done

[ -S "$submit_socket" ] || { echo "the mailer's submission socket $submit_socket is missing"; exit 1; }

# Docker 20.10 leaves a health check running past its timeout (seen here), so `timeout` bounds it, and
# the JVM options keep this short-lived JVM cheap.
JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto" \
  timeout "${HEALTHCHECK_TIMEOUT:-20}" "${ARPANET_HOME:-/opt/arpanet}/bin/ncp" --socket "$ncp_socket" status > /dev/null \
  || { echo "the daemon did not respond to ncp status on $ncp_socket"; exit 1; }
echo "healthy"
