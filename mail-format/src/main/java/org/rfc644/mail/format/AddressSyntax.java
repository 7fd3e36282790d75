package org.rfc644.mail.format;

import java.util.ArrayList;
import java.util.List;

/** Scanning helpers for address text: quoted strings, comments, angle brackets and groups. */
final class AddressSyntax {

    private AddressSyntax() {
    }

    /** Returns the text of the first top-level comment, without its parentheses, or null. */
    static String firstComment(String text) {
        boolean quoted = false;
        int depth = 0;
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                if (depth == 0) {
                    start = i + 1;
                }
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
                if (depth == 0) {
                    return text.substring(start, i).strip();
                }
            }
        }
        return null;
    }

    /** Returns {@code text} with every comment (nested parentheses outside quotes) replaced by a space. */
    static String removeComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                if (depth == 0) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Removes surrounding double quotes and backslash escapes from a phrase. */
    static String unquote(String phrase) {
        if (phrase.length() >= 2 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < phrase.length() - 1; i++) {
                char c = phrase.charAt(i);
                if (c == '\\' && i + 1 < phrase.length() - 1) {
                    i++;
                    c = phrase.charAt(i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return phrase;
    }

    static int indexOutsideQuotes(String text, char wanted, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOutsideQuotes(String text, char wanted) {
        int last = -1;
        int i = indexOutsideQuotes(text, wanted, 0);
        while (i >= 0) {
            last = i;
            i = indexOutsideQuotes(text, wanted, i + 1);
        }
        return last;
    }

    /** Returns the index of the white space before the rightmost " at " word outside quotes, or -1. */
    static int lastAtWord(String text) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i + 3 < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && isSpace(c) && isAtWord(text, i + 1)) {
                last = i;
            }
        }
        return last;
    }

    private static boolean isAtWord(String text, int i) {
        return i + 2 < text.length()
                && Character.toLowerCase(text.charAt(i)) == 'a'
                && Character.toLowerCase(text.charAt(i + 1)) == 't'
                && isSpace(text.charAt(i + 2));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Splits a list at top-level commas (outside quotes, comments and angle brackets). A top-level
     * colon ends a group name, which is dropped, and a top-level semicolon ends the group.
     */
    static List<String> splitList(String text) {
        List<String> elements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int comments = 0;
        int angles = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean topLevel = !quoted && comments == 0 && angles == 0;
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"' && comments == 0) {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                comments++;
            } else if (c == ')' && !quoted && comments > 0) {
                comments--;
            } else if (c == '<' && !quoted && comments == 0) {
                angles++;
            } else if (c == '>' && !quoted && comments == 0 && angles > 0) {
                angles--;
            } else if (topLevel && (c == ',' || c == ';')) {
                elements.add(current.toString());
                current.setLength(0);
                continue;
            } else if (topLevel && c == ':') {
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        elements.add(current.toString());
        return elements;
    }
}
