package org.rfc644.ncp.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.rfc644.ncp.icp.IcpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the input of {@code ncp icp} to the send connection of the pair. At the end of input it
 * closes the send connection, waits the linger time for the server, then closes the receive
 * connection, which ends the copy to the output.
 */
final class InputPump implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(InputPump.class);

    private final InputStream input;
    private final IcpConnection pair;
    private final boolean lineFeedToCrlf;
    private final Duration linger;

    InputPump(InputStream input, IcpConnection pair, boolean lineFeedToCrlf, Duration linger) {
        this.input = input;
        this.pair = pair;
        this.lineFeedToCrlf = lineFeedToCrlf;
        this.linger = linger;
    }

    @Override
    public void run() {
        try {
            copy();
            pair.sendConnection().close();
            Thread.sleep(linger.toMillis());
        } catch (IOException e) {
            log.warn("sending to {} failed: {}", pair.foreignHostName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        try {
            pair.receiveConnection().close();
        } catch (IOException e) {
            log.warn("closing the receive connection from {} failed: {}", pair.foreignHostName(),
                    e.getMessage());
        }
    }

    private void copy() throws IOException {
        OutputStream send = pair.outputStream();
        byte[] buffer = new byte[8192];
        byte[] translated = new byte[2 * buffer.length];
        int previous = -1;
        int count;
        while ((count = input.read(buffer)) >= 0) {
            if (!lineFeedToCrlf) {
                send.write(buffer, 0, count);
                send.flush();
                continue;
            }

            int length = 0;
            for (int i = 0; i < count; i++) {
                byte octet = buffer[i];
                if (octet == '\n' && previous != '\r') {
                    translated[length++] = '\r';
                }
                translated[length++] = octet;
                previous = octet;
            }
            send.write(translated, 0, length);
            send.flush();
        }
    }
}
