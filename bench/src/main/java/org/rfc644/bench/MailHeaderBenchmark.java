package org.rfc644.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
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
import org.rfc644.mail.format.MailMessage;
import org.rfc644.mail.format.Signature;

/**
 * Header parsing of a received message, and finding its signature, as the receiving side does
 * for every message before it can mark it.
 *
 * <p>The messages are real ones, bundled as resources: a CRLF message of 2008 (1538 octets, 19
 * header fields, four of them folded Received fields) and an LF message of 1983 (2138 octets, 14
 * header fields) whose signature is a Redistributed-By field.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MailHeaderBenchmark {

    @Param({"26-plain-crlf.eml", "11-hermes-redistributed-1983.eml"})
    private String messageFile;

    private byte[] raw;
    private MailMessage parsed;

    @Setup
    public void prepare() {
        try (InputStream in = MailHeaderBenchmark.class.getResourceAsStream("/" + messageFile)) {
            if (in == null) {
                throw new IllegalStateException("resource not found: /" + messageFile);
            }
            raw = in.readAllBytes();
        } catch (IOException readFailed) {
            throw new UncheckedIOException("failed to read resource /" + messageFile, readFailed);
        }

        parsed = MailMessage.parse(raw);
        if (Signature.of(parsed).isEmpty()) {
            throw new IllegalStateException(messageFile + " has no signature field");
        }
    }

    @Benchmark
    public MailMessage parse() {
        return MailMessage.parse(raw);
    }

    @Benchmark
    public Optional<Signature> findSignature() {
        return Signature.of(parsed);
    }

    @Benchmark
    public Optional<Signature> parseThenFindSignature() {
        return Signature.of(MailMessage.parse(raw));
    }
}
