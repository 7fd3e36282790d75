package org.rfc644.ncp.link;

import java.time.Duration;

/**
 * Timeouts and limits of the TCP stand-in for the IMP subnet.
 *
 * @param connectTimeout how long a TCP connect to a peer may take
 * @param greetingTimeout how long either side of a new tunnel waits for the other's greeting
 * @param rfnmTimeout how long a sent message waits for its RFNM before it fails with
 *     INCOMPLETE TRANSMISSION
 * @param initialBackoff the delay before the first attempt to reopen a failed tunnel; each further
 *     failed attempt doubles it
 * @param maxBackoff the largest delay between two attempts to reopen a tunnel
 * @param maxQueuedPerHost how many messages to one host may wait or be in flight at once; a
 *     further send fails at once
 */
public record TunnelSettings(
        Duration connectTimeout,
        Duration greetingTimeout,
        Duration rfnmTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxQueuedPerHost) {

    public TunnelSettings {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("greetingTimeout", greetingTimeout);
        requirePositive("rfnmTimeout", rfnmTimeout);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
        if (maxQueuedPerHost < 1) {
            throw new IllegalArgumentException("maxQueuedPerHost must be at least 1: " + maxQueuedPerHost);
        }
    }

    /**
     * Returns the defaults: connect and greeting timeouts of 5 s, an RFNM timeout of 30 s, backoff
     * from 1 s doubling up to 60 s, and 256 queued messages per host. These values are chosen for
     * loopback and LAN tunnels, not taken from BBN Report 1822.
     */
    public static TunnelSettings defaults() {
        return new TunnelSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                256);
    }

    /**
     * Returns how long a probe of an open tunnel waits for its reply: two fifths of the greeting
     * timeout (2 s by default). A host that opens a new tunnel waits the whole greeting timeout for
     * the greeting back, so it is still waiting when the probe ends.
     */
    public Duration probeTimeout() {
        return greetingTimeout.multipliedBy(2).dividedBy(5);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration: " + value);
        }
    }
}
