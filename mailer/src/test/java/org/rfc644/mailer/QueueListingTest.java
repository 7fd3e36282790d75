package org.rfc644.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rfc644.mailer.spool.RecipientState;
import org.rfc644.mailer.spool.SpoolEntry;

class QueueListingTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void listsEveryColumn() {
        SpoolEntry entry = new SpoolEntry("mx9g3qzs-2beae2", "<42@HOST-A>",
                Optional.of(EnvelopeAddress.parse("alice@HOST-A")), 1003,
                NOW.minus(Duration.ofHours(5)), List.of(
                        new RecipientState(EnvelopeAddress.parse("bob@HOST-B"), 3,
                                NOW.plus(Duration.ofMinutes(8)), "host HOST-B is dead"),
                        RecipientState.fresh(EnvelopeAddress.parse("carol@HOST-C"), NOW)));

        String[] lines = print(List.of(entry)).split("\n");

        assertTrue(lines[1].startsWith("mx9g3qzs-2beae2"), lines[1]);
        assertTrue(lines[1].contains("alice@HOST-A"), lines[1]);
        assertTrue(lines[1].contains(" 5h "), lines[1]);
        assertTrue(lines[1].endsWith("<42@HOST-A>"), lines[1]);
        assertEquals("    to bob@HOST-B: 3 attempts, next attempt 2026-12-04T12:08:00Z (in 8m),"
                + " last error: host HOST-B is dead", lines[2]);
        assertEquals("    to carol@HOST-C: 0 attempts, next attempt now", lines[3]);
        assertEquals("-- 1 messages, 2 recipients", lines[4]);
    }

    @Test
    void marksFailureNoticeSender() {
        SpoolEntry notice = new SpoolEntry("n1", "<failure.x@HOST-A>", Optional.empty(), -1, NOW,
                List.of(RecipientState.fresh(EnvelopeAddress.parse("alice@HOST-A"), NOW)));

        assertTrue(print(List.of(notice)).contains("<> (failure notice)"));
    }

    @Test
    void saysWhenEmpty() {
        assertEquals("Mail queue is empty\n", print(List.of()));
    }

    @Test
    void formatsAges() {
        assertEquals("45s", QueueListing.age(Duration.ofSeconds(45)));
        assertEquals("12m", QueueListing.age(Duration.ofMinutes(12)));
        assertEquals("3h", QueueListing.age(Duration.ofHours(3)));
        assertEquals("2d", QueueListing.age(Duration.ofDays(2)));
    }

    private static String print(List<SpoolEntry> entries) {
        StringWriter out = new StringWriter();
        QueueListing.print(entries, NOW, new PrintWriter(out, true));
        return out.toString();
    }
}
