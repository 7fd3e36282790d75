package org.rfc644.mail.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class EncodedWordsTest {

    @Test
    void decodesQAndBWords() {
        assertEquals("Pérson One", EncodedWords.decode("=?ISO-8859-1?Q?P=E9rson?= One"));
        assertEquals("héllo world", EncodedWords.decode("=?UTF-8?B?aMOpbGxv?= world"));
    }

    @Test
    void dropsSpaceBetweenAdjacentWords() {
        assertEquals("ab", EncodedWords.decode("=?US-ASCII?Q?a?=   =?US-ASCII?Q?b?="));
        assertEquals("a, b", EncodedWords.decode("=?US-ASCII?Q?a?=, =?US-ASCII?Q?b?="));
    }

    @Test
    void keepsInvalidWords() {
        assertEquals("=?x-no-such-charset?Q?a?=", EncodedWords.decode("=?x-no-such-charset?Q?a?="));
        assertEquals("=?UTF-8?B?###?=", EncodedWords.decode("=?UTF-8?B?###?="));
        assertEquals("plain = text", EncodedWords.decode("plain = text"));
    }

    @Test
    void decodesCorpusSubjectWithSplitCharacter() throws IOException {
        MailMessage message = MailMessage.parse(Files.readAllBytes(
                CorpusSignatureTest.CORPUS.resolve("31-utf8-headers-eai.eml")));

        assertEquals("Domače omrežje", EncodedWords.decode(message.firstValue("Subject").orElseThrow()));
        assertEquals("Pérson Å. Töo, Jr.  <üser2@Sörensen.example.com>",
                EncodedWords.decode(message.firstValue("To").orElseThrow()));
    }
}
