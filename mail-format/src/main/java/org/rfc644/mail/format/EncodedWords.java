package org.rfc644.mail.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded-words ({@code =?charset?Q?...?=} and {@code =?charset?B?...?=}) in a
 * header value, for display. White space between two adjacent encoded-words is dropped, as RFC 2047
 * section 6.2 says. Adjacent words in the same charset are decoded together, so a character split
 * across two words, as some mailers wrote, still decodes. An RFC 2231 language suffix
 * ({@code charset*lang}) is ignored. A word in an unknown charset or with invalid base64 stays as
 * written.
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?*\\s]+)(\\*[^?\\s]*)?\\?([QqBb])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    /** Returns {@code value} with its encoded-words decoded. */
    public static String decode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        Matcher matcher = WORD.matcher(value);
        int copied = 0;
        String pendingCharset = null;
        ByteArrayOutputStream pending = new ByteArrayOutputStream();

        while (matcher.find()) {
            String between = value.substring(copied, matcher.start());
            boolean adjacent = pendingCharset != null && between.isBlank();
            byte[] bytes = wordBytes(matcher.group(3), matcher.group(4));
            Charset charset = charset(matcher.group(1));

            if (bytes == null || charset == null) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(between).append(matcher.group());
            } else if (adjacent && pendingCharset.equalsIgnoreCase(charset.name())) {
                pending.writeBytes(bytes);
            } else {
                flush(out, pending, pendingCharset);
                if (!adjacent) {
                    out.append(between);
                }
                pendingCharset = charset.name();
                pending.writeBytes(bytes);
            }
            copied = matcher.end();
        }
        flush(out, pending, pendingCharset);
        return out.append(value.substring(copied)).toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charsetName) {
        if (charsetName != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), Charset.forName(charsetName)));
        }
        pending.reset();
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return null;
        }
    }

    /** Returns the bytes of the encoded text, or null when it is invalid. */
    private static byte[] wordBytes(String encoding, String text) {
        if (encoding.toUpperCase(Locale.ROOT).equals("B")) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException invalidBase64) {
                return null;
            }
        }
        return quotedPrintable(text);
    }

    /** Decodes RFC 2047's Q encoding: "_" is a space, "=XX" a byte in hexadecimal. */
    private static byte[] quotedPrintable(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
