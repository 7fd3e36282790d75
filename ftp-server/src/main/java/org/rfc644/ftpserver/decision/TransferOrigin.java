package org.rfc644.ftpserver.decision;

import java.util.Optional;

/**
 * Where one message came from, as the NCP daemon reported the connections that carried it.
 *
 * @param icpHostNumber the number of the host that initiated the ICP to socket 3
 * @param icpHostName that host's name in the host table
 * @param icpSocket the foreign socket U from which the ICP came
 * @param commandSender the foreign end of the TELNET connection that carries commands to this
 *     server (RFC 165: the user's send socket U+3)
 * @param replyReceiver the foreign end of the TELNET connection that carries replies to the user
 *     (RFC 165: the user's receive socket U+2)
 * @param dataSender the foreign end of the MLFL data connection (RFC 454: the user's default data
 *     socket U+5); empty for MAIL, whose text travels on the TELNET connection
 */
public record TransferOrigin(int icpHostNumber, String icpHostName, long icpSocket, Endpoint commandSender,
                             Endpoint replyReceiver, Optional<Endpoint> dataSender) {

    /** Returns this origin with the data connection of an MLFL transfer. */
    public TransferOrigin withDataSender(Endpoint data) {
        return new TransferOrigin(icpHostNumber, icpHostName, icpSocket, commandSender, replyReceiver,
                Optional.of(data));
    }
}
