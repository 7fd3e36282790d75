package org.rfc644.ncp.connection;

import java.time.Duration;
import org.rfc644.ncp.policy.Limits;

/**
 * Settings of the protocol engine.
 *
 * @param holdTime how long a request for connection to a socket that nobody listens on is held
 *     for a local open to match it, before it is refused with CLS
 * @param closeTimeout how long a CLS, a local close or a request for connection waits for the
 *     foreign host before the engine gives up on it
 * @param resetTimeout how long after sending RST the engine waits for RRP before it talks to the
 *     host again anyway
 * @param allocationMessages messages that a receive connection buffers for its reader, the most
 *     message space it allocates
 * @param allocationBits bits that a receive connection buffers for its reader, the most bit space
 *     it allocates (at least one byte of the connection's size is always allocated)
 * @param sendBacklogOctets octets of unsent data per send connection above which the session's
 *     socket is no longer read
 * @param limits limits on connections and pending requests
 */
public record EngineConfig(Duration holdTime, Duration closeTimeout, Duration resetTimeout,
                           int allocationMessages, long allocationBits, int sendBacklogOctets,
                           Limits limits) {

    public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ALLOCATION_MESSAGES = 8;
    public static final long DEFAULT_ALLOCATION_BITS = 65_536;
    public static final int DEFAULT_SEND_BACKLOG_OCTETS = 65_536;

    public EngineConfig {
        if (allocationMessages < 1 || allocationMessages > 0xFFFF) {
            throw new IllegalArgumentException("allocation messages must be 1 to 65535: "
                    + allocationMessages);
        }
        if (allocationBits < 1 || allocationBits > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("allocation bits must be 1 to 4294967295: "
                    + allocationBits);
        }
        if (sendBacklogOctets < 1) {
            throw new IllegalArgumentException("send backlog must be at least 1 octet: "
                    + sendBacklogOctets);
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(DEFAULT_HOLD_TIME, DEFAULT_CLOSE_TIMEOUT, DEFAULT_RESET_TIMEOUT,
                DEFAULT_ALLOCATION_MESSAGES, DEFAULT_ALLOCATION_BITS, DEFAULT_SEND_BACKLOG_OCTETS,
                Limits.defaults());
    }
}
