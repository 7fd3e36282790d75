package org.rfc644.ftpserver.dialogue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test messages and the split of a stored message into the server's mark and the rest. */
final class Messages {

    private Messages() {
    }

    /** Returns a message from {@code from} with the given body, CR LF line ends. */
    static byte[] message(String from, String messageId, byte[] body) {
        String header = "From: " + from + "\r\nTo: alice@HOST-B\r\nSubject: test\r\nMessage-ID: " + messageId + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * Returns a body with everything that could end MAIL text early or be changed on the way: a line ".",
     * lines starting with "." and "From ", 8-bit octets and a line of 5,000 characters.
     */
    static byte[] hardBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("first line\r\n.\r\n..\r\n.hidden\r\nFrom the start of a line\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {'8', '-', 'b', 'i', 't', ':', ' ', (byte) 0xE9, (byte) 0xFF, (byte) 0x80, '\r', '\n'});
        out.writeBytes("x".repeat(5000).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("\r\n.\r\nlast line\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Returns the first header field of a stored message, the server's mark, unfolded lines included. */
    static String mark(byte[] stored) {
        return new String(stored, 0, markLength(stored), StandardCharsets.ISO_8859_1);
    }

    /** Returns what follows the server's mark: the message as the sender wrote it, minus forged marks. */
    static byte[] afterMark(byte[] stored) {
        return Arrays.copyOfRange(stored, markLength(stored), stored.length);
    }

    private static int markLength(byte[] stored) {
        for (int i = 0; i + 2 < stored.length; i++) {
            boolean lineEnd = stored[i] == '\r' && stored[i + 1] == '\n';
            if (lineEnd && stored[i + 2] != ' ' && stored[i + 2] != '\t') {
                return i + 2;
            }
        }
        return stored.length;
    }
}
