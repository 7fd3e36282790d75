package org.rfc644.sndmsg.readmail;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import org.rfc644.mail.format.EncodedWords;
import org.rfc644.maildir.MailboxEntry;
import org.rfc644.maildir.MailboxReader;

/** Lists a mailbox or shows one message, each with its authentication mark in words. */
final class Readmail {

    private static final int DATE_WIDTH = 31;
    private static final int FROM_WIDTH = 30;
    private static final String RULE = "-".repeat(72);

    private final MailboxReader reader;
    private final DistrustedHosts distrusted;
    private final PrintWriter out;

    Readmail(MailboxReader reader, DistrustedHosts distrusted, PrintWriter out) {
        this.reader = reader;
        this.distrusted = distrusted;
        this.out = out;
    }

    /**
     * Prints one entry per message: number, date, From and Subject (RFC 2047 words decoded) on the
     * first line, the mark on the second. The From column shows mailboxes before names (see
     * {@link FromColumn}).
     */
    void list(String user) throws IOException {
        List<MailboxEntry> entries = reader.list(user);
        if (entries.isEmpty()) {
            out.println("No messages.");
            return;
        }
        out.printf("%4s  %-" + DATE_WIDTH + "s  %-" + FROM_WIDTH + "s  %s%n", "#", "Date", "From", "Subject");
        for (int i = 0; i < entries.size(); i++) {
            MailboxEntry entry = entries.get(i);
            out.printf("%4d  %-" + DATE_WIDTH + "s  %-" + FROM_WIDTH + "s  %s%n", i + 1,
                    cut(entry.date().orElse("(no date)"), DATE_WIDTH),
                    entry.from().map(from -> FromColumn.format(from, FROM_WIDTH)).orElse("(no From)"),
                    TerminalText.singleLine(entry.subject().map(EncodedWords::decode).orElse("(no subject)")));
            out.println("      " + TerminalText.singleLine(MarkDescription.describe(entry.mark(), distrusted)));
        }
        out.flush();
    }

    /**
     * Prints message {@code number} (counted from 1 in list order): its mark first, then the
     * message as stored.
     *
     * @return false when there is no such message
     */
    boolean show(String user, int number) throws IOException {
        List<MailboxEntry> entries = reader.list(user);
        if (number < 1 || number > entries.size()) {
            return false;
        }
        MailboxEntry entry = entries.get(number - 1);
        out.println("Message " + number + " of " + entries.size());
        out.println(TerminalText.singleLine(MarkDescription.describe(entry.mark(), distrusted)));
        out.println(RULE);
        out.print(TerminalText.message(Files.readAllBytes(entry.file())));
        out.flush();
        return true;
    }

    private static String cut(String text, int width) {
        String line = TerminalText.singleLine(text);
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }
}
