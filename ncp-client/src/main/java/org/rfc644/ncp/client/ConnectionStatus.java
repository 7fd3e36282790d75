package org.rfc644.ncp.client;

/** One connection of the daemon, as {@code ncp status} shows it. */
public record ConnectionStatus(int localSocket, String foreignHost, int foreignSocket, int byteSize,
                               String state, int ownerUid, long bytesIn, long bytesOut) {
}
