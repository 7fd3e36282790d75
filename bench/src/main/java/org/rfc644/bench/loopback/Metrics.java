package org.rfc644.bench.loopback;

import java.util.Locale;

/** Prints measurements as {@code METRIC<TAB>VALUE} lines, the format bench/run.sh collects. */
final class Metrics {

    private Metrics() {
    }

    static void print(String metric, double value) {
        System.out.printf(Locale.ROOT, "%s\t%.3f%n", metric, value);
        System.out.flush();
    }
}
