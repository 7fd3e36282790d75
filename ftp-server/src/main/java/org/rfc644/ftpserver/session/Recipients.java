package org.rfc644.ftpserver.session;

import java.util.ArrayList;
import java.util.List;
import org.rfc644.ftp.CommandSyntaxException;
import org.rfc644.ftp.ReplyCode;

/** The argument of MAIL and MLFL: {@code <users> ::= <user>|<user>,<users>} (RFC 454 section V.B). */
final class Recipients {

    private Recipients() {
    }

    /**
     * Splits the argument at commas and trims each user name.
     *
     * @throws CommandSyntaxException 502 for an empty argument (RFC 454's site mail, which this
     *     server does not keep) or an empty name between commas, 501 for a name with a space
     */
    static List<String> parse(String command, String argument) throws CommandSyntaxException {
        if (argument.isBlank()) {
            throw new CommandSyntaxException(ReplyCode.PARAMETERS_MISSING,
                    command + " needs one or more user names separated by commas; this host keeps no site mailbox.");
        }
        List<String> users = new ArrayList<>();
        for (String element : argument.split(",", -1)) {
            String user = element.strip();
            if (user.isEmpty()) {
                throw new CommandSyntaxException(ReplyCode.PARAMETERS_MISSING,
                        command + ": empty user name in '" + argument.strip() + "'.");
            }
            if (user.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new CommandSyntaxException(ReplyCode.SYNTAX_ERROR,
                        command + ": user name '" + user + "' contains a space or a control character.");
            }
            if (!users.contains(user)) {
                users.add(user);
            }
        }
        return users;
    }
}
