package org.rfc644.mail.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Writing and reading the parts of an RFC 8601 Authentication-Results value. */
final class ResultsSyntax {

    /** A pvalue that needs no quotes: {@code [local-part "@"] domain-name} made of atext characters. */
    private static final Pattern PLAIN_VALUE =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+(@[A-Za-z0-9.-]+)?");

    private ResultsSyntax() {
    }

    /** Returns {@code text} as an RFC 5322 quoted-string, with control characters made spaces. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : withoutControls(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** Returns {@code text} unquoted when it is a plain address or token, else quoted. */
    static String value(String text) {
        return PLAIN_VALUE.matcher(text).matches() ? text : quote(text);
    }

    /** Returns {@code text} safe inside a comment: parentheses and backslashes escaped. */
    static String commentText(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : withoutControls(text).toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Joins {@code units} with spaces, folding so that no line exceeds {@code maxLine} characters.
     * A fold goes between units where possible and inside a unit, at one of its spaces, only when
     * the unit is longer than a line. A continuation line starts with the space it was folded at,
     * so unfolding restores the joined text. A single word longer than a line keeps its own line.
     */
    static String fold(List<String> units, int maxLine) {
        StringBuilder out = new StringBuilder(units.get(0));
        int lineLength = units.get(0).length();
        for (String unit : units.subList(1, units.size())) {
            if (lineLength + 1 + unit.length() > maxLine && 1 + unit.length() <= maxLine) {
                out.append("\r\n");
                lineLength = 0;
            }
            for (String word : unit.split(" ", -1)) {
                // A line holding only white space would end the header, so empty words never start one.
                if (!word.isEmpty() && lineLength > 0 && lineLength + 1 + word.length() > maxLine) {
                    out.append("\r\n");
                    lineLength = 0;
                }
                out.append(' ').append(word);
                lineLength += 1 + word.length();
            }
        }
        return out.toString();
    }

    /**
     * Splits an unfolded value at semicolons into segments of items. Items are separated by white
     * space; comments are dropped; quoted strings are unquoted in place, so {@code reason="a b"}
     * is the single item {@code reason=a b}.
     */
    static List<List<String>> segments(String value) {
        List<List<String>> segments = new ArrayList<>();
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '"') {
                i = readQuoted(value, i + 1, item);
                continue;
            }
            if (c == '(') {
                i = skipComment(value, i);
                endItem(item, items);
                continue;
            }
            if (c == ';') {
                endItem(item, items);
                segments.add(items);
                items = new ArrayList<>();
            } else if (Character.isWhitespace(c)) {
                endItem(item, items);
            } else {
                item.append(c);
            }
            i++;
        }
        endItem(item, items);
        segments.add(items);
        return segments;
    }

    /** Returns the {@code key=value} items of a segment, keys in lower case. */
    static Map<String, String> properties(List<String> items) {
        Map<String, String> properties = new HashMap<>();
        for (String item : items) {
            int equals = item.indexOf('=');
            if (equals > 0) {
                properties.putIfAbsent(item.substring(0, equals).toLowerCase(Locale.ROOT), item.substring(equals + 1));
            }
        }
        return properties;
    }

    private static int readQuoted(String value, int start, StringBuilder item) {
        int i = start;
        while (i < value.length() && value.charAt(i) != '"') {
            if (value.charAt(i) == '\\' && i + 1 < value.length()) {
                i++;
            }
            item.append(value.charAt(i));
            i++;
        }
        return i + 1;
    }

    private static int skipComment(String value, int start) {
        int depth = 0;
        int i = start;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return i;
    }

    private static void endItem(StringBuilder item, List<String> items) {
        if (item.length() > 0) {
            items.add(item.toString());
            item.setLength(0);
        }
    }

    private static String withoutControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}
