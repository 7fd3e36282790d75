package org.rfc644.ncp.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.rfc644.ncp.hosts.HostTable;

/**
 * Builds a host table for a test: host N listens on 127.0.0.N (which Linux routes on lo) at a
 * port that was free when the table was built.
 */
final class LoopbackNetwork {

    private LoopbackNetwork() {
    }

    static String ipOf(int host) {
        return "127.0.0." + host;
    }

    static HostTable table(int... hosts) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int host : hosts) {
            lines.add(host + " HOST" + host + " " + ipOf(host) + ":" + freePort(ipOf(host)));
        }
        return HostTable.parse("test network", lines);
    }

    private static int freePort(String ip) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }
}
