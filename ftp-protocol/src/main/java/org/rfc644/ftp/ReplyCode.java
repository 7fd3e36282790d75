package org.rfc644.ftp;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reply codes that RFC 454 (FTP, 1973) assigns, with the RFC's own text for each.
 *
 * <p>The first digit is the kind of reply: 0xx informative, 1xx status, 2xx positive, 3xx more
 * input needed, 4xx unsuccessful although correctly requested, 5xx invalid command (ignored).
 */
public enum ReplyCode {
    GENERAL_INFORMATION(0, "General information message."),
    OPERATOR_MESSAGE(10, "Message from system operator."),
    SERVER_AVAILABILITY(30, "Server availability information."),
    FTP_COMMENTARY(50, "FTP commentary or user information."),
    SYSTEM_STATUS(100, "System status reply."),
    SYSTEM_BUSY(110, "System busy doing..."),
    FILE_STATUS(150, "File status reply."),
    DIRECTORY_LISTING(151, "Directory listing reply."),
    COMMAND_OK(200, "Last command received correctly."),
    ABORT_DONE(201, "An ABORT has terminated activity, as requested."),
    ABORT_IGNORED(202, "Abort request ignored, no activity in progress."),
    LOGGED_IN(230, "User is \"logged in\". May proceed."),
    LOGGED_OUT(231, "User is \"logged out\". Service terminated."),
    LOGOUT_AFTER_TRANSFER(232, "Logout command noted, will complete when transfer done."),
    LOGGED_OUT_REINITIALIZED(233, "User is \"logged out\". Parameters reinitialized."),
    TRANSFER_STARTED(250, "FTP file transfer started correctly."),
    RESTART_MARKER(251, "FTP Restart-marker reply."),
    TRANSFER_COMPLETED(252, "FTP transfer completed correctly."),
    RENAME_COMPLETED(253, "Rename completed."),
    DELETE_COMPLETED(254, "Delete completed."),
    /** Text "SOCK nnnn", nnnn being the server's socket for the data connection in decimal. */
    SERVER_DATA_SOCKET(255, "FTP server data socket reply."),
    MAIL_COMPLETED(256, "Mail completed."),
    GREETING(300, "Connection greeting message, awaiting input."),
    COMMAND_INCOMPLETE(301, "Current command incompleted (no CRLF for long time)."),
    ENTER_PASSWORD(330, "Enter password."),
    ENTER_ACCOUNT(331, "Enter account."),
    ENTER_MAIL(350, "Enter mail, terminate by a line with only a '.'"),
    SERVICE_NOT_IMPLEMENTED(400, "This service not implemented."),
    SERVICE_NOT_ACCEPTING_USERS(401, "This service not accepting user now, goodbye."),
    LOGON_TIME_OR_TRIES_EXCEEDED(430, "Log-on time or tries exceeded, goodbye."),
    LOGON_UNSUCCESSFUL(431, "Log-on unsuccessful. User and/or password invalid."),
    USER_NOT_VALID_FOR_SERVICE(432, "User not valid for this service."),
    ACCOUNT_REQUIRED(433, "Cannot transfer files without valid account. Enter account."),
    LOGOUT_BY_OPERATOR(434, "Log-out forced by operator action. Phone site."),
    LOGOUT_BY_SYSTEM_PROBLEM(435, "Log-out forced by system problem."),
    SERVICE_SHUTTING_DOWN(436, "Service shutting down, goodbye."),
    FILE_NOT_FOUND(450, "FTP: File not found."),
    ACCESS_DENIED(451, "FTP: File access denied to you."),
    TRANSFER_INCOMPLETE(452, "FTP: File transfer incomplete, data connection closed."),
    INSUFFICIENT_STORAGE(453, "FTP: File transfer incomplete, insufficient storage space."),
    CANNOT_CONNECT_DATA_SOCKET(454, "FTP: Cannot connect to your data socket."),
    FILE_SYSTEM_ERROR(455, "FTP: File system error not covered by other reply codes."),
    NAME_DUPLICATION(456, "FTP: Name duplication rename failed."),
    TRANSFER_PARAMETERS_IN_ERROR(457, "FTP: Transfer parameters in error."),
    COMMAND_UNRECOGNIZED(500, "Last command line completely unrecognized."),
    SYNTAX_ERROR(501, "Syntax of last command is incorrect."),
    PARAMETERS_MISSING(502, "Last command incomplete, parameters missing."),
    ILLEGAL_PARAMETER_COMBINATION(503, "Last command invalid (ignored), illegal parameter combination."),
    NOT_POSSIBLE_NOW(504, "Last command invalid, action not possible at this time."),
    CONFLICTS_WITH_PREVIOUS(505, "Last command conflicts illegally with previous command(s)."),
    NOT_IMPLEMENTED(506, "Requested action not implemented by the server."),
    CATCHALL_ERROR(507, "Catchall error reply."),
    BAD_PATHNAME(550, "Bad pathname specification.");

    private static final Map<Integer, ReplyCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ReplyCode::code, Function.identity()));

    private final int code;
    private final String standardText;

    ReplyCode(int code, String standardText) {
        this.code = code;
        this.standardText = standardText;
    }

    /** Returns the three-digit code as a number, 0 to 999. */
    public int code() {
        return code;
    }

    /** Returns the explanation that RFC 454 gives for this code. */
    public String standardText() {
        return standardText;
    }

    /** Returns the code as RFC 454 writes it on the wire: three digits, with leading zeros. */
    public String digits() {
        return String.format("%03d", code);
    }

    /** Finds the assigned code with this number; empty for a number RFC 454 does not assign. */
    public static Optional<ReplyCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
