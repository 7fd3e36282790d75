package org.rfc644.ncp.daemon;

import java.nio.file.Path;
import java.time.Duration;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpException;

/**
 * A program that opens a connection from one local socket, run by {@link TwoDaemonsTest} under
 * another uid. It prints {@code OPEN} on success, or the error code and the daemon's message.
 *
 * <p>Arguments: daemon socket path, local socket, foreign host, foreign socket.
 */
public final class OpenSocketClient {

    private OpenSocketClient() {
    }

    public static void main(String[] args) throws Exception {
        try (NcpClient client = NcpClient.connect(Path.of(args[0]))) {
            client.open(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), 8,
                    Duration.ofSeconds(5)).close();
            System.out.println("OPEN");
        } catch (NcpException e) {
            System.out.println(e.code() + " " + e.getMessage());
        }
    }
}
