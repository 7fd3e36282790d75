package org.rfc644.ncp.client;

/** One line of the host table: host number 0 to 255 and its name. */
public record HostEntry(int number, String name) {
}
