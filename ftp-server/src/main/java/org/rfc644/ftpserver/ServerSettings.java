package org.rfc644.ftpserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The configuration of one FTP server.
 *
 * @param daemonSocket the NCP daemon's local API socket
 * @param mailRoot the directory that contains one Maildir per user
 * @param authorizedMailSockets the foreign ICP sockets whose mail is authentic (RFC 644)
 * @param unauthenticatedMail what to do with mail that is not authentic
 * @param duplicateWindow how long a (host, Message-ID, recipient) triple counts as a duplicate
 * @param idleTimeout the longest a whole command line or line of MAIL text may take to arrive
 * @param dataTimeout how long the server waits for data on an MLFL data connection
 * @param connectTimeout how long the ICP and the opening of a data connection may take
 * @param maxCommandLine the maximum length of a command line in octets, without CR LF
 * @param maxMessageSize the maximum size of one message in octets
 * @param maxSessions the maximum number of sessions at once; more ICPs are refused
 */
public record ServerSettings(Path daemonSocket, Path mailRoot, Set<Long> authorizedMailSockets,
                             UnauthenticatedMailPolicy unauthenticatedMail, Duration duplicateWindow,
                             Duration idleTimeout, Duration dataTimeout, Duration connectTimeout,
                             int maxCommandLine, int maxMessageSize, int maxSessions) {

    public ServerSettings {
        authorizedMailSockets = Set.copyOf(authorizedMailSockets);
    }
}
