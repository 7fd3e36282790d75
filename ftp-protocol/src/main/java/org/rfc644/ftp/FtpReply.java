package org.rfc644.ftp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One FTP reply: a three-digit code and one or more lines of text for a human reader.
 *
 * <p>RFC 454 section IV.B: a single-line reply is the code, a space and the text. A reply of several
 * lines starts with the code followed by "-", its continuation lines must not begin with three
 * digits, and its last line repeats the code followed by a space. The text is ASCII; {@link #of}
 * and {@link #multiLine} replace every other character, and every control character, with "?",
 * so that text taken from a message cannot break the reply format.
 *
 * @param code the reply code, 0 to 999
 * @param lines the text, one entry per line, at least one entry (possibly empty)
 */
public record FtpReply(int code, List<String> lines) {

    public FtpReply {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("reply code " + code + " is not three digits");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line of text");
        }
        lines = List.copyOf(lines);
    }

    /** Creates a single-line reply. */
    public static FtpReply of(ReplyCode code, String text) {
        return new FtpReply(code.code(), List.of(printableAscii(text)));
    }

    /** Creates a single-line reply with the text that RFC 454 gives for the code. */
    public static FtpReply of(ReplyCode code) {
        return of(code, code.standardText());
    }

    /** Creates a reply of several lines; with one line it is a single-line reply. */
    public static FtpReply multiLine(ReplyCode code, List<String> lines) {
        return new FtpReply(code.code(), lines.stream().map(FtpReply::printableAscii).toList());
    }

    /** Returns the lines of text joined with line feeds. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Returns whether this reply carries the given code. */
    public boolean is(ReplyCode expected) {
        return code == expected.code();
    }

    /** Returns the first digit: 0 informative, 1 status, 2 positive, 3 incomplete, 4 unsuccessful, 5 invalid. */
    public int kind() {
        return code / 100;
    }

    /** Returns whether this is a 2xx positive acknowledgment. */
    public boolean isPositive() {
        return kind() == 2;
    }

    /** Encodes the reply as it travels on the TELNET connection, every line ending in CR LF. */
    public byte[] encode() {
        String digits = String.format("%03d", code);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        if (lines.size() == 1) {
            writeLine(out, digits + " " + lines.get(0));
            return out.toByteArray();
        }

        writeLine(out, digits + "-" + lines.get(0));
        for (String line : lines.subList(1, lines.size() - 1)) {
            // RFC 454: continuation lines must not begin with three digits.
            boolean startsWithCode = line.length() >= 3 && line.substring(0, 3).chars().allMatch(Character::isDigit);
            writeLine(out, startsWithCode ? " " + line : line);
        }
        writeLine(out, digits + " " + lines.get(lines.size() - 1));
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return String.format("%03d %s", code, String.join(" / ", lines));
    }

    private static void writeLine(ByteArrayOutputStream out, String line) {
        out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private static String printableAscii(String text) {
        StringBuilder printable = new StringBuilder(text.length());
        text.chars().forEach(c -> printable.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return printable.toString();
    }
}
