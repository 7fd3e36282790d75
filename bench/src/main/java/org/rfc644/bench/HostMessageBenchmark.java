package org.rfc644.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;
import org.rfc644.ncp.wire.Leader;
import org.rfc644.ncp.wire.MalformedMessageException;

/**
 * The host message codec on one full-size data message: the header, the bit packing of the text
 * and the checks of the message format, as a daemon runs them for every message it sends or
 * receives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HostMessageBenchmark {

    /** Host 2, link 5: any connection link (2 to 71) would do. */
    private static final Leader LEADER = new Leader(Leader.REGULAR, 2, 5);

    @Param({"8", "32", "36"})
    private int byteSize;

    private HostMessage message;
    private byte[] encoded;

    @Setup
    public void prepare() {
        message = HostMessage.of(LEADER, byteSize, FullMessages.randomText(byteSize));
        encoded = HostMessageCodec.encode(message);
    }

    @Benchmark
    public byte[] encode() {
        return HostMessageCodec.encode(message);
    }

    @Benchmark
    public HostMessage decode() throws MalformedMessageException {
        return HostMessageCodec.decode(encoded);
    }
}
