package org.rfc644.sndmsg;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rfc644.ftp.DeliveryOutcome;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.mail.format.LineEndings;
import org.rfc644.mailer.EnvelopeAddress;
import org.rfc644.ncp.client.NcpClient;

/**
 * {@code sndmsg --direct}: delivers straight to each recipient's ftp-server, without the mailer,
 * from sockets that the daemon hands to any process. RFC 644's receivers mark such mail NOT
 * AUTHENTICATED, or refuse it, because it does not come from the host's reserved mail sockets.
 */
final class DirectSender {

    /** The sockets of one delivery: U, U+2 and U+3 for the ICP pair, U+5 for MLFL's data. */
    private static final int SOCKETS = 6;

    private final NcpClient client;
    private final Duration timeout;
    private final PrintStream out;

    DirectSender(NcpClient client, Duration timeout, PrintStream out) {
        this.client = client;
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * Delivers {@code message} to every recipient, one FTP session per host, printing each server
     * reply.
     *
     * @return true when every recipient got the server's success reply
     */
    boolean send(List<EnvelopeAddress> recipients, byte[] message) throws IOException {
        byte[] crlfMessage = LineEndings.toCrlf(message);
        int icpSocket = client.allocate(SOCKETS);
        out.println("sending from socket " + icpSocket + ", which no policy reserves");

        boolean allDelivered = true;
        for (Map.Entry<String, List<EnvelopeAddress>> host : byHost(recipients).entrySet()) {
            allDelivered &= sendToHost(icpSocket, host.getKey(), host.getValue(), crlfMessage);
        }
        return allDelivered;
    }

    private boolean sendToHost(int icpSocket, String host, List<EnvelopeAddress> recipients,
                               byte[] message) {
        boolean allDelivered = true;
        FtpMailSession session;
        try {
            session = FtpMailSession.open(client, icpSocket, host, timeout);
        } catch (IOException e) {
            out.println(host + ": " + e.getMessage());
            return false;
        }
        out.println(host + ": " + session.greeting());
        try (session) {
            for (EnvelopeAddress recipient : recipients) {
                DeliveryOutcome outcome = session.deliver(recipient.user(), message);
                out.println(recipient + ": " + outcome.command() + " " + outcome.reply());
                allDelivered &= outcome.isDelivered();
            }
            session.quit();
        } catch (IOException e) {
            out.println(host + ": the FTP session failed: " + e.getMessage());
            return false;
        }
        return allDelivered;
    }

    private static Map<String, List<EnvelopeAddress>> byHost(List<EnvelopeAddress> recipients) {
        Map<String, List<EnvelopeAddress>> hosts = new LinkedHashMap<>();
        for (EnvelopeAddress recipient : recipients) {
            hosts.computeIfAbsent(recipient.hostKey(), key -> new ArrayList<>())
                    .add(recipient);
        }
        return hosts;
    }
}
