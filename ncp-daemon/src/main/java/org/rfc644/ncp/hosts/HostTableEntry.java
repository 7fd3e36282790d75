package org.rfc644.ncp.hosts;

import java.net.InetSocketAddress;

/**
 * One host of the network: its ARPANET host number (0 to 255), its name and the TCP address its
 * daemon listens on. The IP address also identifies the host to its peers: a tunnel is believed
 * to come from this host only when it comes from this IP address.
 */
public record HostTableEntry(int number, String name, InetSocketAddress address) {

    public HostTableEntry {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("host number must be 0 to 255: " + number);
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("host name is missing");
        }
        if (address == null || address.isUnresolved()) {
            throw new IllegalArgumentException("host address must be a resolved IP address: " + address);
        }
    }

    @Override
    public String toString() {
        return number + " " + name + " " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
