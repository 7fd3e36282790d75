package org.rfc644.sndmsg;

import java.util.ArrayList;
import java.util.List;

/**
 * Recipients from a command line or a prompt, each {@code user@HOST} or RFC 733's
 * {@code USER at HOST}. The second form may come as one argument or as three ({@code BOB},
 * {@code at}, {@code HOST-B}), and a prompt line may list several, separated by commas.
 */
final class RecipientArguments {

    private RecipientArguments() {
    }

    /** Joins the words of command line arguments into recipients. */
    static List<String> fromArguments(List<String> arguments) {
        List<String> words = new ArrayList<>();
        for (String argument : arguments) {
            for (String part : argument.split(",")) {
                if (!part.isBlank()) {
                    words.add(part.strip());
                }
            }
        }
        return joinAtWords(words);
    }

    /** Splits a prompt line such as {@code bob@HOST-B, CAROL at HOST-C} into recipients. */
    static List<String> fromLine(String line) {
        List<String> recipients = new ArrayList<>();
        for (String part : line.split(",")) {
            if (!part.isBlank()) {
                recipients.add(part.strip().replaceAll("\\s+", " "));
            }
        }
        return recipients;
    }

    private static List<String> joinAtWords(List<String> words) {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            boolean atForm = i + 2 < words.size() && words.get(i + 1).equalsIgnoreCase("at");
            if (atForm) {
                recipients.add(words.get(i) + " at " + words.get(i + 2));
                i += 2;
            } else {
                recipients.add(words.get(i));
            }
        }
        return recipients;
    }
}
