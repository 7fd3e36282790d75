#!/usr/bin/env bash
# Side-by-side benchmark on one machine, in one run: two emulated hosts (ncp-daemon, ftp-server,
# and a mailer on HOST-A) on loopback beside Postfix, iperf3 and a plain TCP echo. Prints one
# table and appends it to docs/benchmarks.md. It measures and asserts nothing; it is not part of
# the test command. See "Side by side on loopback" in docs/benchmarks.md.
#
# Usage: bench/run.sh [options]
#   --reps N           repetitions of every figure (default 3); the table shows the median,
#                      the lowest and the highest
#   --messages N       messages of each durable-delivery run (default 2000)
#   --rate-messages N  messages of the run at a steady rate (default 2000)
#   --rate N           messages per second of that run (default 100)
#   --seconds N        seconds of each bulk-throughput run, NCP and iperf3 (default 5)
#   --pings N          round trips of each ping figure (default 500)
#   --wait-limit N     seconds that each mail run may take at most (default 300); its rate
#                      counts the messages that arrived by then
#   --no-build         use the build output as it is, without mvn package first
#   --no-postfix       leave Postfix out (not installed, not started)
#   --parts LIST       run only these parts, comma-separated: hosts (the two emulated hosts),
#                      tcp (TCP echo and iperf3), postfix (default: all three)
#   --no-record        print the table without appending it to docs/benchmarks.md
#   --keep             keep the temporary directory (logs, Maildirs, figures)
#
# Needs java, mvn and, for the peers, root: Postfix and iperf3 are installed with apt-get when
# missing, and Postfix's /etc/postfix/main.cf is changed for the run and restored afterwards.
# All traffic stays on 127.0.0.1 and 127.0.0.2.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(dirname "$bench_dir")
command_line="bench/run.sh $*"

reps=3
messages=2000
rate_messages=2000
rate=100
seconds=5
pings=500
wait_limit=300
build=true
with_postfix=true
record=true
keep=false
parts=hosts,tcp,postfix

while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --messages) messages=$2; shift 2 ;;
    --rate-messages) rate_messages=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --pings) pings=$2; shift 2 ;;
    --wait-limit) wait_limit=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --no-postfix) with_postfix=false; shift ;;
    --parts) parts=$2; shift 2 ;;
    --no-record) record=false; shift ;;
    --keep) keep=true; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (--help lists the options)" >&2; exit 2 ;;
  esac
done

# A table in docs/benchmarks.md shows medians of at least 3 repetitions.
if $record && [ "$reps" -lt 3 ]; then
  echo "run.sh: --reps $reps is fewer than 3; pass --no-record to try it without recording" >&2
  exit 2
fi

if [[ ,$parts, != *,postfix,* ]]; then
  with_postfix=false
fi

work=$(mktemp -d /tmp/ncp-bench.XXXXXX)
# Postfix's virtual(8) reads its table and writes its Maildir below this directory.
chmod 755 "$work"
results=$work/results.tsv
: >"$results"
pids=()
postfix_started=false
postfix_was_running=false
main_cf_backup=

log() {
  printf '%s run.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

# Stops every process this script started and Postfix, restores Postfix's configuration, and
# starts Postfix again when it ran before.
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if $postfix_started; then
    postfix stop >/dev/null 2>&1 || true
  fi
  if [ -n "$main_cf_backup" ]; then
    cp "$main_cf_backup" /etc/postfix/main.cf
  fi
  if $postfix_was_running; then
    postfix start >/dev/null 2>&1 || log "could not restart Postfix, which ran before this run"
  fi
  if $keep; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Build and tools

if $build; then
  log "building ncp-daemon, ftp-server, mailer and bench"
  (cd "$root_dir" && mvn -q -B -Dstyle.color=never -DskipTests \
    -pl ncp-daemon,ftp-server,mailer,bench -am package)
fi
bench_jar=$(ls "$bench_dir"/target/bench-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1)
if [ -z "$bench_jar" ] || [ ! -d "$bench_dir/target/lib" ]; then
  echo "run.sh: $bench_dir/target has no build output; run without --no-build" >&2
  exit 1
fi
driver_classpath="$bench_jar:$bench_dir/target/lib/*"

# Runs one subcommand of the loopback drivers (org.rfc644.bench.loopback.LoopbackBench).
driver() {
  java -cp "$driver_classpath" org.rfc644.bench.loopback.LoopbackBench "$@"
}

install_packages() {
  local missing=()
  command -v iperf3 >/dev/null || missing+=(iperf3)
  if $with_postfix && [ ! -x /usr/sbin/smtp-source ]; then
    # Debian 12 ships smtp-source and smtp-sink in the postfix package itself.
    missing+=(postfix)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "run.sh: ${missing[*]} missing; install them as root or pass --no-postfix" >&2
    exit 1
  fi
  log "installing ${missing[*]} from Debian's packages"
  # "Local only" keeps the new Postfix off every interface but loopback from its first start.
  printf '%s\n' 'postfix postfix/main_mailer_type select Local only' \
    'postfix postfix/mailname string bench.localdomain' | debconf-set-selections
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}
if $with_postfix && [ "$(id -u)" != 0 ]; then
  echo "run.sh: Postfix needs root; run as root or pass --no-postfix" >&2
  exit 1
fi
install_packages

# ---------------------------------------------------------------------------------------------
# Helpers

# Appends the METRIC<TAB>VALUE lines on standard input to the results, for repetition $1,
# and passes any other line to standard error.
collect() {
  local rep=$1 line
  while IFS= read -r line; do
    if [[ $line =~ ^[a-z0-9._-]+$'\t'-?[0-9]+(\.[0-9]+)?$ ]]; then
      printf '%s\t%s\n' "$rep" "$line" | tee -a "$results" >&2
    elif [ -n "$line" ]; then
      printf '%s\n' "$line" >&2
    fi
  done
}

# Runs one driver subcommand and collects its figures for repetition $1. A failed measurement
# is reported and leaves its figures out; the run goes on.
measure() {
  local rep=$1
  shift
  driver "$@" | collect "$rep" \
    || log "rep $rep: $1 failed (exit status ${PIPESTATUS[0]}); its figures are left out"
}

# Prints a TCP port on 127.0.0.0/8 that nothing listens on.
free_port() {
  local port tries=0
  while [ $tries -lt 100 ]; do
    port=$((20000 + RANDOM % 20000))
    if ! ss -Htln | awk '{print $4}' | grep -q ":$port\$"; then
      echo "$port"
      return 0
    fi
    tries=$((tries + 1))
  done
  echo "run.sh: no free TCP port found" >&2
  return 1
}

# Starts a program and measures its start-up. A probe is started and armed first, then the
# program. The time from the program's start to the first response the probe gets is recorded
# as startup.NAME in ms. Sets started_pid.
#   start_measured REP NAME LOG PROBE_ARGS... -- COMMAND...
start_measured() {
  local rep=$1 name=$2 logfile=$3
  shift 3
  local probe_args=()
  while [ "$1" != "--" ]; do
    probe_args+=("$1")
    shift
  done
  shift

  local probe_out=$work/probe-$name.out
  # Emptied here, before the probe starts, so that an "armed" of an earlier repetition is gone.
  : >"$probe_out"
  driver ready --timeout 60 "${probe_args[@]}" >"$probe_out" &
  local probe_pid=$!
  pids+=("$probe_pid")
  local waited=0
  until grep -q '^armed' "$probe_out" 2>/dev/null; do
    if [ $waited -ge 6000 ] || ! kill -0 "$probe_pid" 2>/dev/null; then
      echo "run.sh: the probe for $name did not start" >&2
      exit 1
    fi
    sleep 0.01
    waited=$((waited + 1))
  done

  local start_us=${EPOCHREALTIME/./}
  "$@" >"$logfile" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")

  if ! wait "$probe_pid"; then
    echo "run.sh: $name did not become ready; its log, $logfile, ends with:" >&2
    tail -n 20 "$logfile" >&2
    exit 1
  fi
  local ready_us
  ready_us=$(awk -F'\t' '$1 == "ready" {print $2}' "$probe_out")
  printf 'startup.%s\t%s\n' "$name" "$(awk -v a="$ready_us" -v b="$start_us" \
    'BEGIN {printf "%.3f", (a - b) / 1000}')" | collect "$rep"
}

# Records the peak resident set (VmHWM) of process $3 in MB as rss.$2.$4 (idle or load).
record_rss() {
  local rep=$1 state=$2 pid=$3 name=$4 kb
  kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  printf 'rss.%s.%s\t%s\n' "$state" "$name" "$(awk -v kb="$kb" 'BEGIN {printf "%.3f", kb / 1024}')" \
    | collect "$rep"
}

# Stops the processes started since the last call (their PIDs are in stack_pids).
stop_stack() {
  local pid
  for pid in "${stack_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${stack_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}

user=$(id -un)

# The mailer's pool of ICP sockets, for ten sessions at once. Both ftp-servers list them as
# authorized mail sockets (RFC 644 section 4c), or they would mark the mail NOT AUTHENTICATED.
mail_sockets=232,238,244,250,256,262,268,274,280,286

# Starts the mailer of HOST-A with a new, empty spool ($3 numbers it), after stopping the one
# before, so that messages an earlier run left in the queue do not compete with the next run.
# Each start is a start-up sample. Sets mailer.
start_mailer() {
  local rep=$1 dir=$2 run=$3
  if [ -n "${mailer:-}" ]; then
    kill "$mailer" 2>/dev/null || true
    wait "$mailer" 2>/dev/null || true
  fi
  start_measured "$rep" mailer-a "$dir/a/mailer-$run.log" --unix "$dir/a/submit.sock" -- \
    "$root_dir/bin/mailer" --socket "$dir/a/ncp.sock" --spool "$dir/a/spool-$run" \
    --submit-socket "$dir/a/submit.sock" \
    --icp-sockets "$mail_sockets" --concurrency 10
  mailer=$started_pid
  stack_pids+=("$started_pid")
}

# ---------------------------------------------------------------------------------------------
# The two emulated hosts

# One repetition: start both hosts (measuring start-up), then idle RSS, ping, bulk throughput,
# the three mail runs and RSS under load; then stop everything.
run_hosts() {
  local rep=$1
  local dir=$work/hosts-$rep
  mkdir -p "$dir"

  local port_a port_b
  port_a=$(free_port)
  port_b=$(free_port)
  cat >"$dir/hosts" <<EOF
# Host table of the benchmark: two hosts on loopback.
1 HOST-A 127.0.0.1:$port_a
2 HOST-B 127.0.0.2:$port_b
EOF
  # The ftp-servers and the mailer run as the user running this script, so the policy grants
  # that user socket 3 and the mailer's ICP sockets U to U+5 for its pool U = 232, 238, ... 286.
  cat >"$dir/policy" <<EOF
3        $user
232-291  $user
EOF
  local sock_a=$dir/a/ncp.sock sock_b=$dir/b/ncp.sock submit=$dir/a/submit.sock
  mkdir -p "$dir/a" "$dir/b" "$dir/mail-a" "$dir/mail-b/$user"/{tmp,new,cur}

  stack_pids=()
  mailer=
  start_measured "$rep" ncp-daemon-a "$dir/a/ncp-daemon.log" --ncp-daemon "$sock_a" -- \
    "$root_dir/bin/ncp-daemon" --host HOST-A --hosts "$dir/hosts" --socket "$sock_a" \
    --policy "$dir/policy"
  local daemon_a=$started_pid
  stack_pids+=("$started_pid")
  start_measured "$rep" ncp-daemon-b "$dir/b/ncp-daemon.log" --ncp-daemon "$sock_b" -- \
    "$root_dir/bin/ncp-daemon" --host HOST-B --hosts "$dir/hosts" --socket "$sock_b" \
    --policy "$dir/policy"
  local daemon_b=$started_pid
  stack_pids+=("$started_pid")
  start_measured "$rep" ftp-server-a "$dir/a/ftp-server.log" --ftp-server "$sock_a:HOST-A" -- \
    "$root_dir/bin/ftp-server" --socket "$sock_a" --mail-root "$dir/mail-a" \
    --mail-sockets "$mail_sockets"
  local ftp_a=$started_pid
  stack_pids+=("$started_pid")
  start_measured "$rep" ftp-server-b "$dir/b/ftp-server.log" --ftp-server "$sock_b:HOST-B" -- \
    "$root_dir/bin/ftp-server" --socket "$sock_b" --mail-root "$dir/mail-b" \
    --mail-sockets "$mail_sockets"
  local ftp_b=$started_pid
  stack_pids+=("$started_pid")
  start_mailer "$rep" "$dir" 1

  sleep 2
  record_rss "$rep" idle "$daemon_a" ncp-daemon-a
  record_rss "$rep" idle "$daemon_b" ncp-daemon-b
  record_rss "$rep" idle "$ftp_a" ftp-server-a
  record_rss "$rep" idle "$ftp_b" ftp-server-b
  record_rss "$rep" idle "$mailer" mailer-a

  log "rep $rep: ping and bulk throughput between the daemons"
  measure "$rep" ncp-ping --socket "$sock_a" --host HOST-B --count "$pings"
  measure "$rep" ncp-throughput --socket-a "$sock_a" --socket-b "$sock_b" --host-b HOST-B \
    --connections 1 --seconds "$seconds" --metric ncp.throughput.1
  measure "$rep" ncp-throughput --socket-a "$sock_a" --socket-b "$sock_b" --host-b HOST-B \
    --connections 16 --seconds "$seconds" --metric ncp.throughput.16

  local mail_args=(--via submit --submit-socket "$submit" --from "$user@HOST-A"
    --to "$user@HOST-B" --maildir "$dir/mail-b/$user" --timeout "$wait_limit")
  log "rep $rep: durable delivery HOST-A to HOST-B, 1 sender"
  measure "$rep" mail-load "${mail_args[@]}" --count "$messages" --senders 1 --metric mail.1
  start_mailer "$rep" "$dir" 2
  log "rep $rep: durable delivery, 10 senders"
  measure "$rep" mail-load "${mail_args[@]}" --count "$messages" --senders 10 --metric mail.10
  start_mailer "$rep" "$dir" 3
  log "rep $rep: durable delivery at $rate messages per second"
  measure "$rep" mail-load "${mail_args[@]}" --count "$rate_messages" --senders 10 --rate "$rate" \
    --metric mail.rate

  record_rss "$rep" load "$daemon_a" ncp-daemon-a
  record_rss "$rep" load "$daemon_b" ncp-daemon-b
  record_rss "$rep" load "$ftp_a" ftp-server-a
  record_rss "$rep" load "$ftp_b" ftp-server-b
  record_rss "$rep" load "$mailer" mailer-a
  stop_stack
}

# ---------------------------------------------------------------------------------------------
# The peers: plain TCP, iperf3 and Postfix

run_tcp_peers() {
  local rep=$1
  log "rep $rep: TCP echo and iperf3"
  measure "$rep" tcp-echo --server 127.0.0.2 --count "$pings"

  local port
  port=$(free_port)
  iperf3 --server --bind 127.0.0.2 --port "$port" --one-off >"$work/iperf3-server-$rep.log" 2>&1 &
  local server=$!
  pids+=("$server")
  sleep 1
  iperf3 --client 127.0.0.2 --port "$port" --time "$seconds" --format m \
    | awk '/receiver/ {print "iperf3.1.mbit\t" $(NF-2)}' | collect "$rep"
  wait "$server" || true

  port=$(free_port)
  iperf3 --server --bind 127.0.0.2 --port "$port" --one-off >>"$work/iperf3-server-$rep.log" 2>&1 &
  server=$!
  pids+=("$server")
  sleep 1
  iperf3 --client 127.0.0.2 --port "$port" --time "$seconds" --parallel 16 --format m \
    | awk '/SUM/ && /receiver/ {print "iperf3.16.mbit\t" $(NF-2)}' | collect "$rep"
  wait "$server" || true
}

postfix_mail=$work/postfix-mail
postfix_rcpt=bench@bench.invalid

# Delivery for bench.invalid only, by Postfix's virtual(8) agent into one Maildir under the
# temporary directory; smtpd listens on loopback only and nothing is relayed.
configure_postfix() {
  main_cf_backup=$work/main.cf.orig
  cp /etc/postfix/main.cf "$main_cf_backup"
  mkdir -p "$postfix_mail/bench"/{tmp,new,cur}
  chown -R 65534:65534 "$postfix_mail"
  printf '%s %s\n' "$postfix_rcpt" "bench/" >"$work/postfix-vmailbox"
  chmod 644 "$work/postfix-vmailbox"
  postconf -e \
    "myhostname = bench.localdomain" \
    "inet_interfaces = loopback-only" \
    "inet_protocols = ipv4" \
    "mydestination =" \
    "mynetworks = 127.0.0.0/8" \
    "relayhost =" \
    "relay_domains =" \
    "default_transport = error:this benchmark relays nothing" \
    "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination" \
    "virtual_mailbox_domains = bench.invalid" \
    "virtual_mailbox_base = $postfix_mail" \
    "virtual_mailbox_maps = texthash:$work/postfix-vmailbox" \
    "virtual_uid_maps = static:65534" \
    "virtual_gid_maps = static:65534" \
    "maillog_file_prefixes = $work" \
    "maillog_file = $work/postfix.log"
  if postfix status >/dev/null 2>&1; then
    postfix_was_running=true
    postfix stop >/dev/null
  fi
}

# Runs smtp-source with $2 sessions and counts the messages in Postfix's Maildir.
smtp_source_run() {
  local rep=$1 sessions=$2 count=$3 metric=$4
  local out=$work/maildir-wait.out
  # Emptied here, before the counter starts, so that an "armed" of an earlier run is gone:
  # seeing it, smtp-source would start before the counter empties the Maildir.
  : >"$out"
  driver maildir-wait --maildir "$postfix_mail/bench" --count "$count" \
    --timeout "$wait_limit" >"$out" &
  local waiter=$!
  pids+=("$waiter")
  local waited=0
  until grep -q '^armed' "$out" 2>/dev/null; do
    if [ $waited -ge 6000 ] || ! kill -0 "$waiter" 2>/dev/null; then
      echo "run.sh: the Maildir counter did not start" >&2
      exit 1
    fi
    sleep 0.01
    waited=$((waited + 1))
  done
  local start_us=${EPOCHREALTIME/./}
  timeout "$wait_limit" smtp-source -s "$sessions" -m "$count" -l 1024 -f "$postfix_rcpt" \
    -t "$postfix_rcpt" -S "benchmark message" -M bench.localdomain 127.0.0.1:25
  wait "$waiter" || true
  [ -n "$metric" ] || return 0
  awk -F'\t' -v start="$start_us" -v count="$count" -v metric="$metric" '
    $1 == "arrived" { arrived = $2 }
    $1 == "last" { last = $2 }
    END {
      printf "%s.delivered\t%d\n", metric, arrived
      if (arrived > 0) printf "%s.msgs_per_s\t%.3f\n", metric, arrived / ((last - start) / 1e6)
    }' "$out" | collect "$rep"
}

run_postfix() {
  local rep=$1
  start_measured "$rep" postfix "$work/postfix-start-$rep.log" --tcp 127.0.0.1:25 -- \
    postfix start
  postfix_started=true

  log "rep $rep: Postfix, smtp-source with 1 and 10 sessions"
  smtp_source_run "$rep" 1 50 ""
  smtp_source_run "$rep" 1 "$messages" postfix.1
  smtp_source_run "$rep" 10 "$messages" postfix.10
  log "rep $rep: Postfix at $rate messages per second"
  measure "$rep" mail-load --via smtp --smtp 127.0.0.1:25 --from "$postfix_rcpt" --to "$postfix_rcpt" \
    --maildir "$postfix_mail/bench" --count "$rate_messages" --senders 10 --rate "$rate" \
    --timeout "$wait_limit" --metric postfix.rate

  postfix stop >/dev/null
  postfix_started=false
  local waited=0
  while postfix status >/dev/null 2>&1 && [ $waited -lt 300 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
}

# ---------------------------------------------------------------------------------------------
# The run

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u '+%Y-%m-%d %H:%M:%S')
log "results in $work; load average $load_before"
if $with_postfix; then
  configure_postfix
fi

# Starts the two hosts once, untimed, with a small load, and drops its figures. This records each
# program's class data sharing archive (bin/launch-java.sh), which the timed starts then map.
warm_up_hosts() {
  local messages=50 rate_messages=50 seconds=1 pings=50
  log "warm-up: one untimed start of the two hosts"
  run_hosts 0
  : >"$results"
}

if [[ ,$parts, == *,hosts,* ]]; then
  warm_up_hosts
fi

for rep in $(seq 1 "$reps"); do
  log "repetition $rep of $reps"
  if [[ ,$parts, == *,hosts,* ]]; then
    run_hosts "$rep"
  fi
  if [[ ,$parts, == *,tcp,* ]]; then
    run_tcp_peers "$rep"
  fi
  if $with_postfix; then
    run_postfix "$rep"
  fi
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
finished_at=$(date -u '+%H:%M:%S')
table=$(driver report --rate "$rate" "$results")

commit=$(git -C "$root_dir" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root_dir" status --porcelain 2>/dev/null)" ]; then
  commit="$commit with uncommitted changes"
fi
cores=$(nproc)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
memory=$(awk '/^MemTotal:/ {printf "%.0f GB", $2 / 1024 / 1024}' /proc/meminfo)
jdk=$(java -version 2>&1 | head -n 1)
postfix_version=$($with_postfix && postconf -h mail_version 2>/dev/null || echo "not run")
iperf_version=$(iperf3 --version 2>/dev/null | head -n 1 | awk '{print $2}')

section=$(cat <<EOF

### Side-by-side run, $started_at to $finished_at UTC

Machine: $cores cores, CPU "$cpu", $memory of memory; $jdk. Commit: $commit. Command:
\`$command_line\` ($reps repetitions, $messages messages a run, $rate_messages at $rate msg/s,
$seconds s of bulk data, $pings round trips). Peers: Postfix $postfix_version, iperf3
$iperf_version. Load average (1, 5, 15 min) $load_before at the start, $load_after at the end.

$table
EOF
)
printf '%s\n' "$section"
if $record; then
  printf '%s\n' "$section" >>"$root_dir/docs/benchmarks.md"
  log "appended to docs/benchmarks.md"
fi
