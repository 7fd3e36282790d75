#!/usr/bin/env bash
# The container stages of CI: a Docker engine, the local base image, the host image, and a smoke
# test of docker-compose.yml (up, one authentic message and three forgeries, readmail, down).
#
# Run from the repository root after `mvn package`:
#   bash .ci/docker-stage.sh            runs every stage
#   source .ci/docker-stage.sh          only defines the functions, for .ci/run to call
# Each stage prints how long it took. No stage pulls an image: the base is built from the local
# JDK and busybox, and docker-compose builds from it.
set -euo pipefail

ci_script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
ci_repo_dir=$(cd "$(dirname "$ci_script")/.." && pwd)
ci_base_image=${ARPANET_BASE_IMAGE:-arpanet-base:local}
ci_host_image=arpanet-host:local
ci_compose_project=${ARPANET_COMPOSE_PROJECT:-arpanetci}

# Runs "$@" (a function of this file) in a new bash with errexit on and returns its exit status.
# Inside `cmd || ...` bash ignores errexit for all of cmd, subshells included. A failing step in
# the middle of a stage would go unnoticed there, but a new bash process starts without that state.
ci_run_strict() {
  ARPANET_CI_SOURCE_ONLY=1 bash -euo pipefail -c 'source "$0"; "$@"' "$ci_script" "$@"
}

# Runs one stage: prints its name, runs it and prints its duration, also when it fails.
ci_stage() {
  local name=$1
  shift
  local started status
  started=$(date +%s)
  echo "=== stage: $name"
  ci_run_strict "$@" && status=0 || status=$?
  echo "=== stage: $name: $(($(date +%s) - started)) s, $([ "$status" = 0 ] && echo passed || echo "failed (exit $status)")"
  return "$status"
}

# Installs Debian's docker.io, docker-compose and busybox-static when a command is missing.
ci_install_docker() {
  local missing=()
  command -v docker >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || missing+=(busybox-static)
  if [ "${#missing[@]}" = 0 ]; then
    echo "docker, docker-compose and a static busybox are installed"
    return 0
  fi
  echo "installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# Starts dockerd in the background unless an engine responds, then waits up to 60 s for it.
ci_start_docker() {
  if docker info >/dev/null 2>&1; then
    echo "a Docker engine is running"
    return 0
  fi
  echo "starting dockerd (log: /tmp/dockerd.log)"
  nohup dockerd < /dev/null > /tmp/dockerd.log 2>&1 &
  local waited=0
  until docker info >/dev/null 2>&1; do
    if [ "$waited" -ge 60 ]; then
      echo "dockerd did not respond within 60 s; the end of /tmp/dockerd.log:" >&2
      tail -n 30 /tmp/dockerd.log >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "dockerd responded after $waited s"
}

ci_build_base_image() {
  "$ci_repo_dir/docker/build-base-image.sh" "$ci_base_image"
}

ci_build_host_image() {
  (cd "$ci_repo_dir" && docker build --build-arg "BASE_IMAGE=$ci_base_image" -t "$ci_host_image" .)
}

ci_compose() {
  (cd "$ci_repo_dir" && BASE_IMAGE=$ci_base_image docker-compose -p "$ci_compose_project" "$@")
}

# Waits until the container of every compose service reports healthy, for up to $1 seconds.
ci_wait_healthy() {
  local limit=$1 waited=0 service container status unhealthy
  while :; do
    unhealthy=
    for service in host-a host-b host-c; do
      container=$(ci_compose ps -q "$service")
      status=$(docker inspect -f '{{ .State.Health.Status }}' "$container" 2>/dev/null || echo missing)
      [ "$status" = healthy ] || unhealthy="$unhealthy $service:$status"
    done
    if [ -z "$unhealthy" ]; then
      echo "all hosts healthy after $waited s"
      return 0
    fi
    if [ "$waited" -ge "$limit" ]; then
      echo "hosts not healthy after $limit s:$unhealthy" >&2
      ci_compose logs --tail 40 >&2
      return 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# Checks that $1 (a command's output) contains $2, printing both when it does not.
ci_expect() {
  if printf '%s' "$1" | grep -qF -- "$2"; then
    echo "ok: output contains \"$2\""
  else
    echo "FAILED: expected \"$2\" in:" >&2
    printf '%s\n' "$1" >&2
    return 1
  fi
}

# The smoke test of docker-compose.yml: alice@HOST-A mails bob@HOST-B through the mailer
# (AUTHENTIC), then mallory tries three forgeries, and bob's readmail must show every mark.
ci_compose_smoke_test() {
  ci_compose down -v --remove-orphans >/dev/null 2>&1 || true
  ci_compose up -d --no-build
  local status
  ci_run_strict ci_compose_smoke_checks && status=0 || status=$?
  if [ "$status" != 0 ]; then
    ci_compose logs --tail 60 >&2 || true
  fi
  ci_compose down -v --remove-orphans
  return "$status"
}

ci_compose_smoke_checks() {
  ci_wait_healthy 240

  echo "alice@HOST-A sends to bob@HOST-B through the mailer"
  printf 'Hello Bob,\nthis one comes through the mailer.\n' \
    | ci_compose exec -T -u alice host-a sndmsg -s "smoke test" bob@HOST-B

  echo "mallory@HOST-A sends straight from an unprivileged socket"
  printf 'No mailer involved.\n' \
    | ci_compose exec -T -u mallory host-a sndmsg --direct -s "direct" bob@HOST-B

  echo "mallory@HOST-A asks for mail socket 232"
  local refusal
  refusal=$(ci_compose exec -T -u mallory host-a ncp icp --from 232 HOST-B 3 </dev/null 2>&1) \
    && { echo "FAILED: HOST-A let mallory use socket 232: $refusal" >&2; return 1; }
  ci_expect "$refusal" "socket 232 is reserved for mailer"

  echo "mallory@HOST-C binds 232 on the unguarded host and signs as alice at HOST-A"
  printf 'MAIL bob\nFrom: alice at HOST-A\nTo: bob at HOST-B\nSubject: forged\n\nI am alice.\n.\nQUIT\n' \
    | ci_compose exec -T -u mallory host-c ncp icp --from 232 HOST-B 3

  # The mailer delivers in the background, usually within seconds while HOST-B is up. Poll bob's
  # mailbox for up to 60 s.
  local listing waited=0
  while :; do
    listing=$(ci_compose exec -T -u bob host-b readmail 2>&1 || true)
    if [ "$(printf '%s\n' "$listing" | grep -c 'AUTHENTIC')" -ge 3 ] || [ "$waited" -ge 60 ]; then
      break
    fi
    sleep 2
    waited=$((waited + 2))
  done
  echo "readmail of bob@HOST-B:"
  printf '%s\n' "$listing"

  ci_expect "$listing" "AUTHENTIC (HOST-A: ICP from mail socket 232)"
  ci_expect "$listing" "NOT AUTHENTICATED (sent from unprivileged socket"
  ci_expect "$listing" "NOT AUTHENTICATED (From names HOST-A but the mail came from HOST-C)"
}

ci_docker_stages() {
  ci_stage "install docker" ci_install_docker
  ci_stage "start dockerd" ci_start_docker
  ci_stage "build base image $ci_base_image" ci_build_base_image
  ci_stage "build host image $ci_host_image" ci_build_host_image
  ci_stage "docker-compose smoke test" ci_compose_smoke_test
}

# Executed rather than sourced: run every stage.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ -z "${ARPANET_CI_SOURCE_ONLY:-}" ]; then
  ci_docker_stages
fi
