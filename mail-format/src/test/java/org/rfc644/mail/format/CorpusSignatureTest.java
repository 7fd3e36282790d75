package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every message of the shared corpus parses, and its signature is the one read by hand. */
class CorpusSignatureTest {

    static final Path CORPUS = Path.of(System.getProperty("corpus.dir", "../../shared/corpus"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            01-its-native-header-1976.eml       | -                | -                   | -               | -
            03-su-ai-rfc733-1977.eml            | FROM             | USER1               | SU-AI           | -
            04-tenex-local-addresses-1982.eml   | FROM             | USER1               | -               | -
            06-relayed-stacked-headers-1982.eml | FROM             | user1@RAND-RELAY    | HP-Speech       | -
            08-malformed-to-list-1982.eml       | FROM             | USER1@HP-HULK       | HP-VENUS        | -
            09-uucp-forwarded-1983.eml          | FROM             | utah-cs!USER1       | UTAH-20         | -
            10-chaosnet-source-route-1983.eml   | FROM             | USER1               | HP-HULK         | -
            11-hermes-redistributed-1983.eml    | REDISTRIBUTED_BY | USER1               | SRI-KL          | HERMES@BBNA
            13-lone-dot-lines-1985.eml          | FROM             | USER1               | SU-SIERRA.ARPA  | -
            14-chaosnet-received-chain-1985.eml | FROM             | USER1               | SU-SCORE.ARPA   | -
            16-no-subject-uucp-1989.eml         | FROM             | plumhall!root       | uunet.UU.NET    | -
            17-latin1-qp-resent-1996.eml        | RESENT_FROM      | nobody              | cs.tu-berlin.de | user2@mnh.telekom.de
            19-very-long-lines.eml              | FROM             | foo                 | example.com     | -
            20-whitespace-separator-line.eml    | FROM             | user1               | quist.on.ca     | -
            21-latin1-8bit-4k-header.eml        | FROM             | user1               | example.com     | -
            22-multipart-empty-body.eml         | FROM             | redacted            | attglobal.net   | -
            24-mixed-crlf-lf-folding.eml        | FROM             | newsalerts-noreply  | dnsbltest.spamassassin.org | -
            25-message-rfc822-from-line.eml     | FROM             | foo                 | example.com     | -
            26-plain-crlf.eml                   | FROM             | test                | lindsaar.net    | -
            31-utf8-headers-eai.eml             | FROM             | üser1               | esempio-università.it | -
            """)
    void signatureOfCorpusMessage(String file, String field, String user, String host, String originalFrom)
            throws IOException {
        MailMessage message = MailMessage.parse(Files.readAllBytes(CORPUS.resolve(file)));
        Optional<Signature> signature = Signature.of(message);

        if (field == null) {
            assertTrue(signature.isEmpty(), "no signature expected");
            return;
        }
        assertTrue(signature.isPresent(), "signature expected");
        assertEquals(SignatureField.valueOf(field), signature.get().field());
        assertEquals(user, signature.get().user());
        assertEquals(Optional.ofNullable(host), signature.get().host());
        assertEquals(Optional.ofNullable(originalFrom),
                signature.get().originalFrom().map(MailAddress::mailbox));
    }

    @Test
    void corpusHasEveryListedMessage() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertEquals(20, files.filter(path -> path.toString().endsWith(".eml")).count());
        }
    }

    @Test
    void corpusFieldsAreExactSlices() throws IOException {
        for (Path file : corpusFiles()) {
            byte[] raw = Files.readAllBytes(file);
            MailMessage message = MailMessage.parse(raw);

            assertFalse(message.fields().isEmpty(), file + " has fields");
            assertTrue(message.bodyOffset() <= raw.length, file + " body offset");
            for (HeaderField field : message.fields()) {
                byte[] slice = Arrays.copyOfRange(raw, field.offset(), field.offset() + field.length());
                assertArrayEquals(slice, field.raw(), file + " field " + field.name());
            }
            int last = message.fields().size() - 1;
            HeaderField lastField = message.fields().get(last);
            assertEquals(message.headerEnd(), lastField.offset() + lastField.length(), file + " header end");
        }
    }

    @Test
    void itsNativeHeaderLineIsSkipped() throws IOException {
        MailMessage message = parse("01-its-native-header-1976.eml");

        assertEquals(1, message.fields().size());
        assertEquals("USER2 at MIT-AI", message.firstValue("to").orElseThrow());
        assertTrue(bodyText(message).startsWith("How about IRPM:"));
    }

    @Test
    void whiteSpaceLineEndsHeader() throws IOException {
        MailMessage message = parse("20-whitespace-separator-line.eml");

        assertEquals("Quist Consulting", message.firstValue("Organization").orElseThrow());
        assertTrue(bodyText(message).startsWith("The header is not properly terminated"));
    }

    @Test
    void foldedValuesAreUnfolded() throws IOException {
        MailMessage message = parse("24-mixed-crlf-lf-folding.eml");

        assertEquals("Yeah, the Received-SPF headers make no sense, there just there to test that the SPF"
                + " plugin will parse the results from them... the IPs and comments are bogus",
                message.firstValue("X-Comment").orElseThrow());
        assertEquals("Google News Alert - spamassassin", message.firstValue("Subject").orElseThrow());
    }

    @Test
    void longFoldedHeaderKeepsNextField() throws IOException {
        MailMessage message = parse("21-latin1-8bit-4k-header.eml");

        assertTrue(message.firstValue("X-Test-Long-Header").orElseThrow().length() > 4000);
        assertEquals("A-OK", message.firstValue("X-Test-Next-Header").orElseThrow());
    }

    @Test
    void repeatedFieldsKeepTheirOrder() throws IOException {
        MailMessage message = parse("06-relayed-stacked-headers-1982.eml");

        assertEquals(List.of("user1@RAND-RELAY at HP-Speech", "user1 at RAND-RELAY"),
                message.fields("From").stream().map(HeaderField::value).toList());
        assertEquals(3, message.fields("Date").size());
    }

    @Test
    void emptyMessageHasNoFields() {
        MailMessage message = MailMessage.parse(new byte[0]);

        assertTrue(message.fields().isEmpty());
        assertEquals(0, message.bodyOffset());
    }

    @Test
    void headerWithoutBodyEndsAtEnd() {
        byte[] raw = "From: a@b\r\nSubject: x".getBytes(StandardCharsets.US_ASCII);
        MailMessage message = MailMessage.parse(raw);

        assertEquals(2, message.fields().size());
        assertEquals("x", message.firstValue("subject").orElseThrow());
        assertEquals(raw.length, message.bodyOffset());
    }

    static List<Path> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(path -> path.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static MailMessage parse(String file) throws IOException {
        return MailMessage.parse(Files.readAllBytes(CORPUS.resolve(file)));
    }

    private static String bodyText(MailMessage message) {
        return new String(message.body(), StandardCharsets.ISO_8859_1);
    }
}
