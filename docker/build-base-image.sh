#!/usr/bin/env bash
# Builds the host image's base without any container registry: a jlink runtime of the local
# JDK 17, the shared libraries it and Netty's native epoll transport need, a static busybox and
# the accounts of docker/users, imported with `docker import`.
#
# Usage: docker/build-base-image.sh [--force] [IMAGE]     (IMAGE defaults to arpanet-base:local)
#
# The image carries a label with a fingerprint of its inputs: this script, the user table, the
# JDK, busybox and the module list. When an image with the same fingerprint exists, nothing is
# rebuilt unless --force is given.
set -euo pipefail

script_dir=$(cd "$(dirname "$0")" && pwd)
repo_dir=$(cd "$script_dir/.." && pwd)

force=false
if [ "${1:-}" = "--force" ]; then
  force=true
  shift
fi
image=${1:-arpanet-base:local}

# Modules that the programs and their libraries use, to which jdeps on the built jars adds any
# others. Netty and logback use java.naming, java.management and jdk.unsupported. java.sql serves
# optional converters of picocli and logback, jdk.charsets decodes every mail charset, jdk.net has
# Netty's extended socket options, jdk.security.auth gives a command its user's uid
# (com.sun.security.auth.module.UnixSystem), and Netty and logback refer to jdk.jfr.
modules=java.base,java.logging,java.naming,java.management,java.xml,java.sql,java.instrument,jdk.unsupported,jdk.charsets,jdk.net,jdk.zipfs,jdk.crypto.ec,jdk.management,jdk.security.auth,jdk.jfr

say() { printf '[build-base-image] %s\n' "$*"; }
fail() { printf '[build-base-image] error: %s\n' "$*" >&2; exit 1; }

# --- Inputs -------------------------------------------------------------------------------------

java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] || [ ! -x "$java_home/bin/jlink" ]; then
  jlink_path=$(command -v jlink || true)
  [ -n "$jlink_path" ] || fail "jlink not found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  java_home=$(dirname "$(dirname "$(readlink -f "$jlink_path")")")
fi
java_version=$("$java_home/bin/java" -version 2>&1 | head -n 1)
case "$java_version" in
  *'"17'*) ;;
  *) fail "JDK 17 expected at $java_home, found: $java_version (set JAVA_HOME to a JDK 17)" ;;
esac
[ -d "$java_home/jmods" ] || fail "$java_home/jmods is missing, so jlink cannot link a runtime (Debian: apt-get install openjdk-17-jdk-headless)"

busybox_path=$(command -v busybox || true)
[ -n "$busybox_path" ] || fail "busybox not found (Debian: apt-get install busybox-static)"
busybox_path=$(readlink -f "$busybox_path")
if ldd "$busybox_path" >/dev/null 2>&1; then
  fail "$busybox_path is dynamically linked; the base needs a static one (Debian: apt-get install busybox-static)"
fi

command -v docker >/dev/null || fail "docker not found (Debian: apt-get install docker.io)"
docker info >/dev/null 2>&1 || fail "no Docker engine responds; start dockerd first"

# jdeps adds what the program modules that the Dockerfile copies need beyond the list above, when
# they are built. A list that jdeps leaves unchanged keeps the fingerprint, so the base stays.
for module in ncp-daemon ftp-server mailer sndmsg; do
  jar=$(ls "$repo_dir/$module/target/$module"-*.jar 2>/dev/null | grep -v -e '-sources\.jar$' -e '-tests\.jar$' | head -n 1 || true)
  [ -n "$jar" ] && [ -d "$repo_dir/$module/target/lib" ] || continue
  classpath=$(ls "$repo_dir/$module/target/lib/"*.jar | paste -sd: -)
  if found=$("$java_home/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
      --class-path "$classpath" "$jar" 2>/dev/null); then
    say "jdeps: $module needs $found"
    modules="$modules,$found"
  else
    say "jdeps could not analyse $jar; the fixed module list stands for it"
  fi
done
modules=$(printf '%s' "$modules" | tr ',' '\n' | sed '/^$/d' | sort -u | paste -sd, -)

fingerprint=$( {
  cat "$0" "$script_dir/users"
  echo "$java_version" "$modules"
  sha256sum "$busybox_path"
} | sha256sum | cut -c1-16)

existing=$(docker image inspect --format '{{ index .Config.Labels "org.rfc644.base.fingerprint" }}' "$image" 2>/dev/null || true)
if [ "$existing" = "$fingerprint" ] && [ "$force" = false ]; then
  say "$image is up to date (fingerprint $fingerprint); use --force to rebuild"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/arpanet-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"

# --- File system skeleton (merged /usr, as Debian and Ubuntu lay it out) -----------------------

say "laying out the file system in $root"
mkdir -p "$root"/usr/bin "$root"/usr/sbin "$root"/usr/lib/x86_64-linux-gnu "$root"/usr/lib64 \
  "$root"/etc "$root"/root "$root"/home "$root"/var/tmp "$root"/run "$root"/opt "$root"/tmp \
  "$root"/proc "$root"/sys "$root"/dev "$root"/usr/lib/locale
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"

# --- Java runtime -------------------------------------------------------------------------------

say "linking a Java runtime from $java_home with modules: $modules"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java/openjdk"
# A class data sharing archive makes each short-lived command (sndmsg, ncp, the health check)
# start faster.
"$root/opt/java/openjdk/bin/java" -Xshare:dump >/dev/null
# Debian's JDK keeps its security and logging configuration as links into /etc/java-17-openjdk;
# the image needs the files themselves.
(cd "$root/opt/java/openjdk" && find . -type l | while read -r link; do
  target=$(readlink -f "$link")
  rm "$link"
  if [ -d "$target" ]; then
    cp -rL "$target" "$link"
  elif [ -e "$target" ]; then
    cp -L "$target" "$link"
  fi
done)

# --- Shared libraries ---------------------------------------------------------------------------

# Every ELF file of the runtime, plus Netty's native epoll library, decides which libraries go in.
elf_files=$(find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \))
epoll_jar=$(ls "$repo_dir"/*/target/lib/netty-transport-native-epoll-*-linux-x86_64.jar \
  "${HOME:-/root}"/.m2/repository/io/netty/netty-transport-native-epoll/*/netty-transport-native-epoll-*-linux-x86_64.jar \
  2>/dev/null | head -n 1 || true)
if [ -n "$epoll_jar" ]; then
  mkdir -p "$work/epoll"
  (cd "$work/epoll" && "$java_home/bin/jar" xf "$epoll_jar" META-INF/native)
  elf_files="$elf_files $(find "$work/epoll" -name '*.so')"
  say "Netty's native epoll library from $epoll_jar is checked too"
else
  say "Netty's native epoll jar not found locally; adding its known libraries only"
fi

libraries=$(for file in $elf_files; do
  ldd "$file" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\/[^ ]+ \(/ { print $1 }'
done | grep -v "^$root/" | sort -u)
# Netty's epoll library is linked against these; glibc 2.34 and later keeps them as stubs.
for name in libdl.so.2 librt.so.1 libpthread.so.0 libz.so.1 libc.so.6 libm.so.6 libgcc_s.so.1; do
  # awk reads all of ldconfig's output, so that pipefail sees no SIGPIPE.
  libraries="$libraries $(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ && !found { print $NF; found = 1 }')"
done
libraries="$libraries /lib64/ld-linux-x86-64.so.2"

for library in $(printf '%s\n' $libraries | sed '/^$/d' | sort -u); do
  case "$library" in
    /lib64/*) destination=$root/usr/lib64/$(basename "$library") ;;
    *) destination=$root/usr/lib/x86_64-linux-gnu/$(basename "$library") ;;
  esac
  say "library $library"
  cp -L "$library" "$destination"
done
printf '/usr/lib/x86_64-linux-gnu\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root" 2>/dev/null || say "ldconfig -r failed; the loader's built-in directories still apply"

# The C.UTF-8 locale, so that LANG=C.UTF-8 gives Java UTF-8 file names and console output.
if [ -d /usr/lib/locale/C.utf8 ]; then
  cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
fi

# --- busybox ------------------------------------------------------------------------------------

say "installing $busybox_path with its applet links"
cp "$busybox_path" "$root/usr/bin/busybox"
"$busybox_path" --list-full | while read -r applet; do
  # Applets listed under bin/ or sbin/ go to /usr, as the merged layout puts them.
  case "$applet" in
    usr/*) path=$applet ;;
    *) path=usr/$applet ;;
  esac
  [ -e "$root/$path" ] || ln -s /usr/bin/busybox "$root/$path"
done

# --- Accounts -----------------------------------------------------------------------------------

say "writing /etc/passwd and /etc/group from docker/users"
{
  echo 'root:x:0:0:root:/root:/bin/sh'
  echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'
} > "$root/etc/passwd"
{
  echo 'root:x:0:'
  echo 'nogroup:x:65534:'
} > "$root/etc/group"
grep -v -e '^#' -e '^[[:space:]]*$' "$script_dir/users" | while read -r name uid kind home; do
  case "$kind" in
    system) shell=/usr/sbin/nologin ;;
    *) shell=/bin/sh ;;
  esac
  echo "$name:x:$uid:$uid:$name:$home:$shell" >> "$root/etc/passwd"
  echo "$name:x:$uid:" >> "$root/etc/group"
  mkdir -p "$root$home"
  say "user $name ($kind, uid $uid, home $home)"
done
{
  echo 'passwd: files'
  echo 'group: files'
  echo 'shadow: files'
  echo 'hosts: files dns'
} > "$root/etc/nsswitch.conf"
printf 'NAME="arpanet-base"\nID=arpanet-base\nPRETTY_NAME="ARPANET host base (busybox and a jlink runtime of %s)"\n' \
  "$java_version" > "$root/etc/os-release"

# --- Import -------------------------------------------------------------------------------------

say "importing $image"
tar --numeric-owner --owner=0 --group=0 -C "$root" -cf - . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.rfc644.base.fingerprint=$fingerprint" \
  --change 'CMD ["/bin/sh"]' \
  - "$image" >/dev/null
size=$(docker image inspect --format '{{ .Size }}' "$image")
say "built $image ($((size / 1024 / 1024)) MiB, fingerprint $fingerprint)"
