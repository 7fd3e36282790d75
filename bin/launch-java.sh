# Sourced by the launchers in this folder: runs a program's main class from the build output
# of its Maven module (mvn -q -DskipTests package). JAVA (default: java) and JAVA_OPTS may be
# set in the environment.
#
# Usage, after setting $0's program name: launch_java PROGRAM MODULE MAIN_CLASS "$@"
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

    # JAVA_OPTS is split into words on purpose.
    # shellcheck disable=SC2086
    exec "${JAVA:-java}" ${JAVA_OPTS:-} -cp "$jar:$target/lib/*" "$main_class" "$@"
}
