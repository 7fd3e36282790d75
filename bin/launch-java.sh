# Sourced by the launchers in this folder: runs a program's main class from the build output
# of its Maven module (mvn -q -DskipTests package). JAVA (default: java) and JAVA_OPTS may be
# set in the environment.
#
# JVM options: each program starts with the defaults of default_java_opts below, then
# JAVA_OPTS, and the JVM takes the last value of an option, so JAVA_OPTS overrides a default
# (JAVA_OPTS=-Xmx256m for a larger heap, JAVA_OPTS=-XX:TieredStopAtLevel=4 for the C2 compiler).
#
# Class data sharing: the first start after a build records the classes the program loaded in
# an archive, MODULE/target/PROGRAM.jsa, which the JVM writes when the program exits. Later
# starts map the classes from it instead of loading them from the jars. A newer jar (a new build)
# makes the archive stale and the next start records a new one. JAVA_OPTS=-Xshare:off turns it
# off. Where the target folder is not writable (the Docker image), only an archive that is
# already there is used.
# A run with --help or --version records nothing. NOTE: the archive holds only the classes of
# the run that recorded it. After a short first run, the others load from the jars until the
# next build, or until the archive file is deleted and the next start records it again.
#
# Usage, after setting $0's program name: launch_java PROGRAM MODULE MAIN_CLASS "$@"

# Prints the default JVM options of program $1. The serial collector has no collector threads
# and the smallest footprint. The C1 compiler alone (TieredStopAtLevel=1) starts faster and
# keeps less memory than C1 and C2 together, and in a loopback test on 2 shared cores the daemon
# moved as much data with it. -Xms8m keeps the idle heap small, and the heap grows only when the
# live data needs it.
default_java_opts() {
    case $1 in
        ncp-daemon)
            # The daemon's buffers are bounded per connection: 8 KB it allocates (ALL) and at most
            # 64 KB waiting to be sent. 64 MB of heap, and as much direct memory (its default
            # limit is the maximum heap), is enough for about 900 connections at those limits.
            echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx64m"
            ;;
        ftp-server | mailer)
            # These hold whole messages in memory: ftp-server accepts up to 10 MiB by default, and
            # a submission to the mailer may be up to 16 MiB.
            # NOTE: several maximum-size messages at once, each copied while it is parsed, may
            # need more than 256 MB; JAVA_OPTS=-Xmx... raises the limit.
            echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx256m"
            ;;
        *)
            # Commands that run for a moment: start-up is all that counts.
            echo "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            ;;
    esac
}

# Prints the class data sharing options for archive $1 of the build output in folder $2, with
# JVM $3: use the archive when it is newer than every jar, else record it when $2 is writable
# and $4 is "record".
class_sharing_opts() {
    archive=$1
    folder=$2
    java_home=$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v "$3")")")")

    # A recorded archive extends the JDK's own, and the JVM refuses to record without that one.
    [ -f "$java_home/lib/server/classes.jsa" ] || return 0

    # Each start that records gets its own file, named after its process id, because two programs
    # writing one file at once would leave a broken archive. A file whose process has ended is
    # complete, so it becomes the archive, unless a jar was built while that process ran: its
    # classes would then not match the jars and the JVM would ignore the archive.
    # Only a user who may write the folder can move or remove the files of a recording.
    for started in "$archive".pid*.start; do
        [ -f "$started" ] && [ -w "$folder" ] || continue
        recorded=${started%.start}
        [ -d "/proc/${recorded##*.pid}" ] && continue
        if [ -f "$recorded" ] && [ -z "$(find "$folder" -maxdepth 2 -name '*.jar' -newer "$started" | head -n 1)" ]; then
            mv -f -- "$recorded" "$archive" 2>/dev/null || true
        fi
        rm -f -- "$recorded" "$started" 2>/dev/null
    done

    # The JVM writes its class data sharing warnings to standard output, where they would mix with
    # the program's output. Recording warns once per picocli class, because JDK 17 cannot archive
    # classes of Java 5 class files. Using an archive that the JVM cannot map warns once, and the
    # program then runs without it.
    quiet="-Xlog:cds=off -Xlog:cds+dynamic=off"
    if [ -f "$archive" ] && [ -z "$(find "$folder" -maxdepth 2 -name '*.jar' -newer "$archive" | head -n 1)" ]; then
        echo "-XX:SharedArchiveFile=$archive $quiet"
    elif [ -w "$folder" ] && [ "$4" = record ]; then
        # $$ is also the JVM's process id, because the launcher execs it. The empty .start file
        # marks when the recording began.
        : > "$archive.pid$$.start"
        echo "-XX:ArchiveClassesAtExit=$archive.pid$$ $quiet"
    fi
}

launch_java() {
    program=$1
    module=$2
    main_class=$3
    shift 3

    self=$(readlink -f -- "$0" 2>/dev/null || printf '%s' "$0")
    root=$(CDPATH= cd -- "$(dirname -- "$self")/.." && pwd) || exit 1
    target=$root/$module/target

    jar=
    for candidate in "$target/$module"-*.jar; do
        case $candidate in
            *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
            *) [ -f "$candidate" ] && jar=$candidate ;;
        esac
    done

    if [ -z "$jar" ] || [ ! -d "$target/lib" ]; then
        echo "$program: build output not found in $target; run mvn -q -DskipTests package first in $root" >&2
        exit 1
    fi

    java=${JAVA:-java}
    options=$(default_java_opts "$program")
    # Options of JAVA_OPTS that choose the class data sharing themselves take its place: recording
    # an archive next to -Xshare:off would stop the JVM from starting.
    case " ${JAVA_OPTS:-} " in
        *" -Xshare:off "* | *SharedArchiveFile* | *ArchiveClassesAtExit*) ;;
        *)
            # A run that only prints help or the version loads few classes, and an archive
            # recorded from it would leave the real work's classes out until the next build.
            record=record
            for argument in "$@"; do
                case $argument in
                    -h | --help | -V | --version | help) record=no ;;
                esac
            done
            options="$options $(class_sharing_opts "$target/$program.jsa" "$target" "$java" "$record")"
            ;;
    esac

    # The option strings are split into words on purpose.
    # shellcheck disable=SC2086
    exec "$java" $options ${JAVA_OPTS:-} -cp "$jar:$target/lib/*" "$main_class" "$@"
}
