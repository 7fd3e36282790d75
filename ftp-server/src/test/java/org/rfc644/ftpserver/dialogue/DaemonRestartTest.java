package org.rfc644.ftpserver.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rfc644.ftp.FtpReply;
import org.rfc644.ncp.client.NcpClient;

/** The FTP server survives a restart of its NCP daemon: it reconnects and listens on socket 3 again. */
class DaemonRestartTest {

    /** Enough for the reconnection delays of 1, 2 and 4 seconds on a loaded machine. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void serverListensAgainAfterDaemonRestart() throws Exception {
        try (TwoHostNetwork network = new TwoHostNetwork(directory)) {
            network.startServer(network.settings());
            assertEquals(300, greetingCode(network));

            network.restartHostB();

            assertEquals(300, greetingAfterRecovery(network));
        }
    }

    /** Performs an ICP from HOST-A to socket 3 of HOST-B and returns the greeting's reply code. */
    private static int greetingCode(TwoHostNetwork network) throws IOException {
        try (NcpClient client = network.clientOnHostA();
             TypedUser user = new TypedUser(client, 232)) {
            FtpReply noop = user.command("NOOP");
            assertEquals(200, noop.code(), noop.text());
            return user.greeting.code();
        }
    }

    /** Tries {@link #greetingCode} until it succeeds or {@link #RECOVERY} passes. */
    private static int greetingAfterRecovery(TwoHostNetwork network) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return greetingCode(network);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the FTP server did not listen again within " + RECOVERY, e);
                }
                Thread.sleep(500);
            }
        }
    }
}
