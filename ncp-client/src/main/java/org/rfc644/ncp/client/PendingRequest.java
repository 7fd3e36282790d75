package org.rfc644.ncp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rfc644.ncp.local.OkFrame;

/**
 * A request sent to the daemon and waiting for its OK or ERROR.
 *
 * <p>The OK payload is parsed on the event loop, in frame order, so that a connection opened by
 * OPEN or ACCEPT is registered before the daemon's first DATA for it is handled.
 */
final class PendingRequest<T> {

    private final String description;
    private final Function<OkFrame, T> parser;
    private final Consumer<T> onAbandoned;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    /**
     * @param description the request in words, for error messages
     * @param parser reads the OK payload; runs on the event loop
     * @param onAbandoned undoes the parsed result when the OK comes after the caller stopped
     *     waiting, such as closing a connection that no caller will use
     */
    PendingRequest(String description, Function<OkFrame, T> parser, Consumer<T> onAbandoned) {
        this.description = description;
        this.parser = parser;
        this.onAbandoned = onAbandoned;
    }

    String description() {
        return description;
    }

    void succeed(OkFrame ok) {
        T value;
        try {
            value = parser.apply(ok);
        } catch (RuntimeException e) {
            fail(new NcpException(NcpException.Code.INTERNAL,
                    "invalid reply from the NCP daemon to " + description + ": " + e.getMessage()));
            return;
        }
        if (!result.complete(value)) {
            onAbandoned.accept(value);
        }
    }

    void fail(IOException cause) {
        result.completeExceptionally(cause);
    }

    /**
     * Waits for the reply.
     *
     * @throws NcpException the daemon's error, or {@code TIMEOUT} when no reply comes within
     *     {@code wait}
     */
    T await(Duration wait) throws IOException {
        try {
            return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            NcpException timeout = new NcpException(NcpException.Code.TIMEOUT,
                    "no reply from the NCP daemon to " + description + " within "
                            + wait.toMillis() + " ms");
            if (result.completeExceptionally(timeout)) {
                throw timeout;
            }
            return await(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the reply to "
                    + description);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /** Copies the failure so that its stack trace shows this caller, keeping the daemon's code. */
    private static IOException rethrowable(Throwable cause) {
        if (cause instanceof NcpException ncp) {
            NcpException copy = new NcpException(ncp.code(), ncp.getMessage());
            copy.initCause(ncp);
            return copy;
        }
        return new IOException(cause.getMessage(), cause);
    }
}
