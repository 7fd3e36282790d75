package org.rfc644.ncp.link;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * What the NCP sees of the network: the host's interface to its IMP (BBN Report 1822).
 *
 * <p>Messages cross this interface whole, as octets starting with their 32-bit
 * {@link org.rfc644.ncp.wire.Leader}. The NCP cannot tell what carries them: the TCP stand-in for
 * the IMP subnet, or later a simulated IMP reached over the 1822 interface carried in UDP.
 */
public interface ImpInterface extends AutoCloseable {

    /** Returns the number of the host this interface belongs to. */
    int localHost();

    /**
     * Runs the interface's I/O on {@code loop}, the event loop of the NCP that uses it, instead of
     * on threads of its own, so that a message and its RFNM cross no thread between the NCP and
     * the network. Call it before {@link #start}. The default ignores it, and an interface that
     * cannot use the loop keeps its own threads.
     */
    default void shareEventLoop(EventLoop loop) {
    }

    /** Starts the interface; received messages and host state changes go to {@code listener}. */
    void start(ImpListener listener) throws IOException;

    /**
     * Sends a regular message whose leader names the destination host and link.
     *
     * <p>As the IMP did, a link carries one message at a time: a further message on the same host
     * and link waits until the previous one is answered.
     *
     * @return completes when the destination answers with RFNM; fails with
     *     {@link HostDeadException} when the destination is dead or cannot be reached
     */
    CompletableFuture<Void> send(byte[] message);

    /** Stops the interface and closes every link to other hosts. */
    @Override
    void close();
}
