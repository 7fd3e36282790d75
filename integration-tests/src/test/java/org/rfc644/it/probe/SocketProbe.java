package org.rfc644.it.probe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import org.rfc644.ncp.client.NcpClient;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.client.NcpListener;
import org.slf4j.LoggerFactory;

/**
 * Asks the local NCP daemon for each socket given on the command line, by listening on it, as any
 * program of the invoking user could. Runs inside a host container; prints one line per socket,
 * "probe: socket N bound" or "probe: socket N refused: CODE: message", and exits with 1 when any
 * socket was refused.
 */
public final class SocketProbe {

    /** Byte size of the listen request; the policy check does not depend on it. */
    private static final int BYTE_SIZE = 8;

    private SocketProbe() {
    }

    public static void main(String[] args) throws IOException {
        // Without a configuration file logback logs everything to standard output, where the
        // test reads this probe's result lines.
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);

        int status = 0;
        try (NcpClient client = NcpClient.connect(NcpClient.DEFAULT_SOCKET)) {
            for (String argument : args) {
                int socket = Integer.parseInt(argument);
                try {
                    NcpListener listener = client.listen(socket, BYTE_SIZE);
                    System.out.println("probe: socket " + socket + " bound");
                    listener.close();
                } catch (NcpException refused) {
                    System.out.println("probe: socket " + socket + " refused: " + refused.code() + ": "
                            + refused.getMessage());
                    status = 1;
                }
            }
        }
        System.exit(status);
    }
}
