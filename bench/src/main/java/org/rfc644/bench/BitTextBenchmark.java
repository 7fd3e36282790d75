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
import org.rfc644.ncp.wire.BitText;

/**
 * Packing of message text into the bit stream of the connection's byte size, and unpacking back.
 *
 * <p>Each operation handles the text of one full-size message: 1002 bytes of 8 bits, 250 of 32 or
 * 222 of 36, about 8000 bits in each case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BitTextBenchmark {

    @Param({"8", "32", "36"})
    private int byteSize;

    private byte[] programOctets;
    private byte[] packed;
    private int byteCount;

    @Setup
    public void prepare() {
        programOctets = FullMessages.randomText(byteSize);
        byteCount = BitText.byteCount(programOctets, byteSize);
        packed = BitText.pack(programOctets, byteSize);
    }

    @Benchmark
    public byte[] pack() {
        return BitText.pack(programOctets, byteSize);
    }

    @Benchmark
    public byte[] unpack() {
        return BitText.unpack(packed, 0, byteSize, byteCount);
    }
}
