package org.rfc644.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time of the benchmark threads per operation, as the
 * secondary result {@code cpu.time.norm} in ns/op. Enable it with
 * {@code -prof org.rfc644.bench.ThreadCpuProfiler}.
 *
 * <p>The score of an average-time benchmark is wall-clock time, which grows with the time the
 * benchmark thread waits for a core while other processes run. CPU time leaves that wait out, so
 * it varies less on a shared machine. It still includes the cache misses that other processes
 * cause, and it leaves out the work of the garbage collector's own threads.
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    /** JMH 1.37 names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    private static final String WORKER_NAME_MARK = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> cpuTimeAtStart = Map.of();

    public ThreadCpuProfiler() throws ProfilerException {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new ProfilerException("this JVM does not measure the CPU time of threads");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuTimeAtStart = cpuTimeOfWorkers();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams,
                                                       IterationResult result) {
        long cpuTime = 0;
        for (Map.Entry<Long, Long> worker : cpuTimeOfWorkers().entrySet()) {
            // A worker that JMH started during this iteration has used CPU time only since then.
            cpuTime += worker.getValue() - cpuTimeAtStart.getOrDefault(worker.getKey(), 0L);
        }

        // All operations, as JMH's gc profiler counts them: the workers run during the whole
        // iteration, including the short phases before and after the measured time.
        long operations = result.getMetadata().getAllOps();
        double perOperation = operations == 0 ? Double.NaN : (double) cpuTime / operations;
        return List.of(new ScalarResult("cpu.time.norm", perOperation, "ns/op",
                AggregationPolicy.AVG));
    }

    /** Returns the CPU time in nanoseconds of each live benchmark thread, by thread id. */
    private Map<Long, Long> cpuTimeOfWorkers() {
        Map<Long, Long> cpuTimes = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null || !info.getThreadName().contains(WORKER_NAME_MARK)) {
                continue;
            }

            long cpuTime = threads.getThreadCpuTime(info.getThreadId());
            if (cpuTime >= 0) {
                cpuTimes.put(info.getThreadId(), cpuTime);
            }
        }
        return cpuTimes;
    }
}
