#!/bin/sh
# Creates the directories of a host, with the owners and modes that keep each program to its own
# files. Runs when the image is built and again at every start (volumes may hide the first run).
#
#   /run/ncp            ncp     0755  the daemon's local API socket (the socket itself is open to all)
#   /run/mailer         mailer  0755  the mailer's submission socket
#   /var/spool/mailer   mailer  0700  the queue: no ordinary user can read or change it
#   /var/mail/.ftp-server ftp   0700  ftp-server's own state (recent Message-IDs)
#   /var/mail/USER      ftp:USER 2750 one Maildir per person: ftp-server writes, only USER's group
#                                     reads, and the setgid bit gives new entries USER's group
set -eu

table=${1:-$(dirname "$0")/users}

directory() {
  mkdir -p "$1"
  chown "$2" "$1"
  chmod "$3" "$1"
}

directory /etc/arpanet root:root 0755
directory /run/ncp ncp:ncp 0755
directory /run/mailer mailer:mailer 0755
directory /var/spool/mailer mailer:mailer 0700
directory /var/mail root:root 0755
directory /var/mail/.ftp-server ftp:ftp 0700

grep -v -e '^#' -e '^[[:space:]]*$' "$table" | while read -r name uid kind home; do
  [ "$kind" = person ] || continue
  for maildir in "/var/mail/$name" "/var/mail/$name/tmp" "/var/mail/$name/new" "/var/mail/$name/cur"; do
    directory "$maildir" "ftp:$name" 2750
  done
done
