package org.rfc644.ncp.wire;

/**
 * A protocol error found while decoding a control message.
 *
 * @param err the ERR command to send back to the host that sent the control message
 * @param detail what was wrong, for the log
 */
public record ControlError(Err err, String detail) {
}
