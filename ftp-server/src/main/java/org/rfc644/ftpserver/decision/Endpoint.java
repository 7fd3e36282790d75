package org.rfc644.ftpserver.decision;

/**
 * The foreign end of one NCP connection: a host number and a socket.
 *
 * @param hostNumber the foreign host's number, 0 to 255
 * @param socket the foreign socket, 0 to 2^32 - 1
 */
public record Endpoint(int hostNumber, long socket) {
}
