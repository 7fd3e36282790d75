#!/bin/sh
# Creates the accounts of the user table (default: the file "users" beside this script) on an
# image being built. Where the base has groupadd and useradd (eclipse-temurin, Ubuntu), they
# create them. Otherwise the lines are appended to /etc/passwd and /etc/group, which on the
# busybox base already hold them because build-base-image.sh wrote them. An account that exists is kept; a different uid for it is an error, because the
# mailboxes and the policy rely on the numbers of the table.
set -eu

table=${1:-$(dirname "$0")/users}

say() { printf '[create-users] %s\n' "$*"; }

grep -v -e '^#' -e '^[[:space:]]*$' "$table" | while read -r name uid kind home; do
  case "$kind" in
    system) shell=/usr/sbin/nologin ;;
    *) shell=/bin/sh ;;
  esac

  existing_uid=$(awk -F: -v n="$name" '$1 == n { print $3 }' /etc/passwd)
  if [ -n "$existing_uid" ]; then
    if [ "$existing_uid" != "$uid" ]; then
      say "error: user $name exists with uid $existing_uid, expected $uid" >&2
      exit 1
    fi
    say "user $name (uid $uid) exists"
  elif command -v useradd >/dev/null 2>&1; then
    awk -F: -v n="$name" '$1 == n { found = 1 } END { exit !found }' /etc/group \
      || groupadd --gid "$uid" "$name"
    useradd --uid "$uid" --gid "$uid" --home-dir "$home" --no-create-home --shell "$shell" "$name"
    say "user $name (uid $uid) created with useradd"
  else
    echo "$name:x:$uid:" >> /etc/group
    echo "$name:x:$uid:$uid:$name:$home:$shell" >> /etc/passwd
    say "user $name (uid $uid) appended to /etc/passwd"
  fi

  mkdir -p "$home"
  chown "$uid:$uid" "$home"
  case "$kind" in
    person) chmod 0750 "$home" ;;
    *) chmod 0755 "$home" ;;
  esac
done
