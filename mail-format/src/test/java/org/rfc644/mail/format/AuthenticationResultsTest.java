package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    private static final String FORGED_FIRST = "Authentication-Results: HOST-B; x-rfc644=pass\r\n"
            + " header.from=eve@HOST-A\r\n";
    private static final String FORGED_LOWER_CASE = "authentication-results: (forged) host-b;\n\tx-rfc644=pass\n";
    private static final String OTHER_HOST = "Authentication-Results: HOST-C; x-rfc644=fail\r\n";
    private static final String TOP = "Received: from somewhere\r\n";
    private static final String MIDDLE = "From: eve@HOST-A\nSubject: \u00e4 8-bit\r\n";
    private static final String BODY = "\r\nAuthentication-Results: HOST-B; x-rfc644=pass\r\nbody\n";

    @Test
    void removeClaimsLeavesOtherBytesIdentical() {
        byte[] message = bytes(TOP + FORGED_FIRST + MIDDLE + FORGED_LOWER_CASE + OTHER_HOST + BODY);

        byte[] cleaned = AuthenticationResults.removeClaimsOf(message, "Host-B");

        assertArrayEquals(bytes(TOP + MIDDLE + OTHER_HOST + BODY), cleaned);
    }

    @Test
    void removeClaimsWithoutClaimReturnsSameBytes() throws IOException {
        for (Path file : CorpusSignatureTest.corpusFiles()) {
            byte[] message = Files.readAllBytes(file);

            assertArrayEquals(message, AuthenticationResults.removeClaimsOf(message, "HOST-B"), file.toString());
        }
    }

    @Test
    void removeClaimsKeepsOtherAuthservIds() throws IOException {
        byte[] message = Files.readAllBytes(CorpusSignatureTest.CORPUS.resolve("26-plain-crlf.eml"));

        assertArrayEquals(message, AuthenticationResults.removeClaimsOf(message, "HOST-B"));
        assertEquals(message.length - fieldLength(message, "Authentication-Results"),
                AuthenticationResults.removeClaimsOf(message, "MX.GOOGLE.COM").length);
    }

    @Test
    void authservIdSkipsComments() {
        assertEquals(Optional.of("host-b"), AuthenticationResults.authservIdOf("(forged) host-b; x=pass"));
        assertEquals(Optional.of("mx.google.com"), AuthenticationResults.authservIdOf("mx.google.com; spf=neutral"));
    }

    @Test
    void markRoundTripsThroughHeader() {
        AuthenticationMark mark = new AuthenticationMark(MarkResult.PASS, "HOST-B", "HOST-A", 232,
                "alice@HOST-A", false, "", "", "ICP from mail socket 232 of HOST-A");
        byte[] message = AuthenticationResults.prepend(bytes("From: alice@HOST-A\r\n\r\nhi\r\n"), mark);

        MailMessage parsed = MailMessage.parse(message);

        assertEquals(Optional.of(mark), AuthenticationMark.parse(parsed, "host-b"));
        assertEquals(Optional.of(mark), AuthenticationMark.parseTopmost(parsed));
        assertEquals(Optional.empty(), AuthenticationMark.parse(parsed, "HOST-C"));
        assertTrue(string(message).endsWith("From: alice@HOST-A\r\n\r\nhi\r\n"));
    }

    @Test
    void resentMarkNamesResenderAndOriginalFrom() {
        byte[] original = bytes("From: carol@HOST-C\r\n\r\nhi\r\n");
        byte[] resent = ResentBlock.prepend(original, "bob@HOST-A", List.of("dave@HOST-B"),
                ZonedDateTime.parse("2026-12-04T20:00:00Z"), "<1@HOST-A>");
        Optional<Signature> signature = Signature.of(MailMessage.parse(resent));
        AuthenticationMark mark = AuthenticationMark.of(MarkResult.PASS, "HOST-B", "HOST-A", 232, signature,
                "ICP from mail socket 232 of HOST-A");

        String field = mark.toHeaderField();
        AuthenticationMark parsed = AuthenticationMark.parseTopmost(
                MailMessage.parse(AuthenticationResults.prepend(resent, mark))).orElseThrow();

        assertTrue(field.contains("header.resent-from=bob@HOST-A"), field);
        assertFalse(field.contains("header.from="), field);
        assertTrue(parsed.resent());
        assertEquals("bob@HOST-A", parsed.resender());
        assertEquals("bob@HOST-A", parsed.signature());
        assertEquals("carol@HOST-C", parsed.originalFrom());
        assertEquals(mark, parsed);
    }

    @Test
    void headerFieldLinesStayUnder78Characters() {
        AuthenticationMark mark = new AuthenticationMark(MarkResult.FAIL, "HOST-B", "HOST-A", 1234,
                "\"very long (user) name\"@HOST-A", false, "", "",
                "sent from unprivileged socket 1234 of HOST-A, \"quoted\" words and a \\ backslash, and more"
                        + " words to force several folds of this long reason");

        String field = mark.toHeaderField();

        assertTrue(field.startsWith("Authentication-Results: HOST-B; x-rfc644=fail"), field);
        assertTrue(field.endsWith("\r\n"));
        for (String line : field.split("\r\n")) {
            assertTrue(line.length() < 78, "line too long: " + line);
        }
        assertEquals(Optional.of(mark), AuthenticationMark.parseTopmost(MailMessage.parse(bytes(field + "\r\n"))));
    }

    @Test
    void controlCharactersInReasonCannotAddFields() {
        AuthenticationMark mark = new AuthenticationMark(MarkResult.NONE, "HOST-B", "HOST-A", 5, "", false, "", "",
                "no From\r\nX-Injected: yes");

        MailMessage parsed = MailMessage.parse(bytes(mark.toHeaderField() + "\r\n"));

        assertEquals(1, parsed.fields().size());
        assertEquals(MarkResult.NONE, AuthenticationMark.parseTopmost(parsed).orElseThrow().result());
    }

    @Test
    void topmostIgnoresMarkBelowFirstField() {
        byte[] message = bytes("From: eve@HOST-A\r\nAuthentication-Results: HOST-B; x-rfc644=pass\r\n\r\n");

        assertEquals(Optional.empty(), AuthenticationMark.parseTopmost(MailMessage.parse(message)));
    }

    private static int fieldLength(byte[] message, String name) {
        return MailMessage.parse(message).fields(name).stream().mapToInt(HeaderField::length).sum();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
