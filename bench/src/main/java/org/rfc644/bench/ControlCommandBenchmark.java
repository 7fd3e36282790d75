package org.rfc644.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rfc644.ncp.wire.All;
import org.rfc644.ncp.wire.Cls;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.ControlCommandDecoder;
import org.rfc644.ncp.wire.ControlCommandEncoder;
import org.rfc644.ncp.wire.DecodedControlMessage;
import org.rfc644.ncp.wire.Eco;
import org.rfc644.ncp.wire.Erp;
import org.rfc644.ncp.wire.Err;
import org.rfc644.ncp.wire.ErrorCode;
import org.rfc644.ncp.wire.Gvb;
import org.rfc644.ncp.wire.Inr;
import org.rfc644.ncp.wire.Ins;
import org.rfc644.ncp.wire.Nop;
import org.rfc644.ncp.wire.Ret;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;
import org.rfc644.ncp.wire.Rts;
import org.rfc644.ncp.wire.Str;

/**
 * Encoding and decoding of control commands, the text of control messages on link 0.
 *
 * <p>Two workloads: one control message carrying each of the 14 commands once (72 octets of the
 * 120 a control message may carry), and a lone ALL, the command that flow control sends most.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ControlCommandBenchmark {

    private List<ControlCommand> everyCommand;
    private byte[] everyCommandText;
    private All allocation;
    private byte[] allocationText;

    @Setup
    public void prepare() {
        everyCommand = List.of(
                new Nop(),
                new Rts(232, 3, 5),
                new Str(233, 2, 8),
                new Cls(232, 3),
                new All(5, 10, 8_000),
                new Gvb(5, 128, 64),
                new Ret(5, 10, 8_000),
                new Inr(5),
                new Ins(5),
                new Eco(42),
                new Erp(42),
                Err.quoting(ErrorCode.ILLEGAL_OPCODE, new byte[] {(byte) 200, 1, 2}, 0),
                new Rst(),
                new Rrp());
        everyCommandText = single(ControlCommandEncoder.encodeTexts(everyCommand));

        allocation = new All(5, 10, 8_000);
        allocationText = ControlCommandEncoder.encode(allocation);
    }

    @Benchmark
    public List<byte[]> encodeEveryCommand() {
        return ControlCommandEncoder.encodeTexts(everyCommand);
    }

    @Benchmark
    public DecodedControlMessage decodeEveryCommand() {
        return ControlCommandDecoder.decode(everyCommandText);
    }

    @Benchmark
    public byte[] encodeAllocation() {
        return ControlCommandEncoder.encode(allocation);
    }

    @Benchmark
    public DecodedControlMessage decodeAllocation() {
        return ControlCommandDecoder.decode(allocationText);
    }

    private static byte[] single(List<byte[]> texts) {
        if (texts.size() != 1) {
            throw new IllegalStateException("expected one control message text, got "
                    + texts.size());
        }
        return texts.get(0);
    }
}
