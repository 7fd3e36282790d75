package org.rfc644.bench.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The messages of the mail runs: a header signed by the sender, an X-Bench-Seq field that names
 * the run and the message's number, and a body of the given size in lines of 64 octets with CRLF.
 */
final class BenchMessage {

    private static final String SEQUENCE_FIELD = "X-Bench-Seq: ";
    private static final int HEADER_SEARCH_OCTETS = 16 * 1024;
    private static final int LINE_OCTETS = 64;

    private final String from;
    private final String to;
    private final String run;
    private final byte[] body;

    BenchMessage(String from, String to, String run, int bodyOctets) {
        this.from = from;
        this.to = to;
        this.run = run;
        this.body = body(bodyOctets);
    }

    byte[] build(int sequence) {
        String header = "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: benchmark message " + sequence + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())
                + "\r\n"
                + "Message-ID: <" + run + "." + sequence + "." + from + ">\r\n"
                + SEQUENCE_FIELD + run + " " + sequence + "\r\n"
                + "\r\n";
        byte[] headerOctets = header.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[headerOctets.length + body.length];
        System.arraycopy(headerOctets, 0, message, 0, headerOctets.length);
        System.arraycopy(body, 0, message, headerOctets.length, body.length);
        return message;
    }

    /**
     * Returns the number of this run's message stored in {@code file}, or -1 when the file
     * contains no message of this run.
     */
    int sequenceIn(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(HEADER_SEARCH_OCTETS);
        }
        String text = new String(start, StandardCharsets.ISO_8859_1);
        String marker = SEQUENCE_FIELD + run + " ";
        int at = text.indexOf(marker);
        if (at < 0) {
            return -1;
        }
        int digits = at + marker.length();
        int end = digits;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Integer.parseInt(text.substring(digits, end));
    }

    /** Returns true when {@code file} contains a message of this run; false when unreadable. */
    boolean isFromThisRun(Path file) {
        try {
            return sequenceIn(file) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] body(int octets) {
        byte[] body = new byte[octets];
        for (int i = 0; i < octets; i++) {
            int column = i % LINE_OCTETS;
            if (column == LINE_OCTETS - 2 || i == octets - 2) {
                body[i] = '\r';
            } else if (column == LINE_OCTETS - 1 || i == octets - 1) {
                body[i] = '\n';
            } else {
                body[i] = (byte) ('a' + (i / LINE_OCTETS + column) % 26);
            }
        }
        return body;
    }
}
