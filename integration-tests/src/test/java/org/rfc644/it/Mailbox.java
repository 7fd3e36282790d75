package org.rfc644.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox listing as {@code readmail} prints it: a heading, then per message a line with the
 * number, date, From and Subject, and below it an indented line with the authentication mark.
 */
final class Mailbox {

    /** One message of the listing. */
    record Entry(int number, String summary, String mark) {
    }

    private static final Pattern SUMMARY = Pattern.compile("^\\s*(\\d+)\\s{2}.*$");

    private final List<Entry> entries;
    private final String text;

    private Mailbox(List<Entry> entries, String text) {
        this.entries = entries;
        this.text = text;
    }

    static Mailbox parse(String listing) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = listing.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher summary = SUMMARY.matcher(lines[i]);
            if (summary.matches()) {
                entries.add(new Entry(Integer.parseInt(summary.group(1)), lines[i], lines[i + 1].strip()));
                i++;
            }
        }
        return new Mailbox(entries, listing);
    }

    /** Returns every message whose summary line contains {@code subject}. */
    List<Entry> withSubject(String subject) {
        return entries.stream().filter(entry -> entry.summary().contains(subject)).toList();
    }

    /** Returns the one message whose summary line contains {@code subject}, if there is one. */
    Optional<Entry> find(String subject) {
        List<Entry> found = withSubject(subject);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " messages with subject " + subject + " in:\n" + text);
        }
        return found.stream().findFirst();
    }

    @Override
    public String toString() {
        return text;
    }
}
