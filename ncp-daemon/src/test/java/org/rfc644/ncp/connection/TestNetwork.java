package org.rfc644.ncp.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.rfc644.ncp.hosts.HostTable;

/** A host table for tests: host N is named HOSTN and listens on 127.0.0.N at a free port. */
public final class TestNetwork {

    private TestNetwork() {
    }

    public static HostTable table(int... hosts) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int host : hosts) {
            String ip = "127.0.0." + host;
            lines.add(host + " HOST" + host + " " + ip + ":" + freePort(ip));
        }
        return HostTable.parse("test network", lines);
    }

    private static int freePort(String ip) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }
}
