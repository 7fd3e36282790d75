#!/usr/bin/env bash
# Builds the JMH benchmarks jar (bench/target/benchmarks.jar) and runs it.
#
# Usage: bench/jmh.sh [--no-build] [JMH options] [benchmark regexp]
#   --no-build   run the jar as it is, without rebuilding it first
#   JMH options  passed to org.openjdk.jmh.Main as given; `bench/jmh.sh -h` lists them and
#                `bench/jmh.sh -l` lists the benchmarks. Without -f, -wi or -i each benchmark
#                runs 1 fork of 3 warmup and 5 measurement iterations of 2 s (see the
#                annotations in bench/src/main/java). `-prof gc` adds the bytes allocated
#                per operation, and `-prof org.rfc644.bench.ThreadCpuProfiler` the CPU time
#                per operation, which varies less than the score on a busy machine.
#
# JMH prints the results table at the end. Unless -rf or -rff is given, the results are also
# written as JSON to bench/target/jmh-result.json.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(dirname "$bench_dir")
jar="$bench_dir/target/benchmarks.jar"

build=true
if [ "${1:-}" = "--no-build" ]; then
  build=false
  shift
fi

if $build; then
  echo "Building $jar" >&2
  (cd "$root_dir" && mvn -q -B -Dstyle.color=never -pl bench -am package -DskipTests)
fi
if [ ! -f "$jar" ]; then
  echo "error: $jar is missing; run bench/jmh.sh without --no-build to build it" >&2
  exit 1
fi

result_args=(-rf json -rff "$bench_dir/target/jmh-result.json")
for arg in "$@"; do
  if [ "$arg" = "-rf" ] || [ "$arg" = "-rff" ]; then
    result_args=()
  fi
done

exec java -jar "$jar" "${result_args[@]}" "$@"
