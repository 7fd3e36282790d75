package org.rfc644.ncp.local;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;

/**
 * Sizes the frames queued on a local API channel for Netty's write water marks. Netty's default
 * estimator (4.2.18) counts buffers by their size and any other message as 8 octets. So a SEND
 * frame written from outside the event loop counted 8 octets until the loop encoded it, and a
 * writer faster than the loop queued frames without limit while the channel stayed writable.
 */
public final class LocalApiFrameSizeEstimator implements MessageSizeEstimator {

    /** The one instance; it has no state. */
    public static final LocalApiFrameSizeEstimator INSTANCE = new LocalApiFrameSizeEstimator();

    /** Octets of a SEND or DATA frame besides its data: length, type and handle. */
    private static final int FRAME_OVERHEAD = 4 + 1 + 4;

    private static final Handle HANDLE = new Handle() {
        private final Handle buffers = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object message) {
            if (message instanceof SendFrame send) {
                return send.data().length + FRAME_OVERHEAD;
            }
            if (message instanceof DataFrame data) {
                return data.data().length + FRAME_OVERHEAD;
            }
            return buffers.size(message);
        }
    };

    private LocalApiFrameSizeEstimator() {
    }

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
