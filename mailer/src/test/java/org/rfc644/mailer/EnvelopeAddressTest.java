package org.rfc644.mailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvelopeAddressTest {

    @Test
    void parsesAtSignForm() {
        EnvelopeAddress address = EnvelopeAddress.parse("bob@HOST-B");

        assertEquals("bob", address.user());
        assertEquals("HOST-B", address.host());
    }

    @Test
    void parsesRfc733AtWordForm() {
        EnvelopeAddress address = EnvelopeAddress.parse("BOB at HOST-B");

        assertEquals("BOB", address.user());
        assertEquals("HOST-B", address.host());
    }

    @Test
    void rejectsLineFeedInjection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvelopeAddress.parse("bob@HOST-B\nMAIL root"));

        assertTrue(e.getMessage().contains("CR or LF"), e.getMessage());
    }

    @Test
    void rejectsCarriageReturnInUser() {
        assertThrows(IllegalArgumentException.class,
                () -> EnvelopeAddress.parse("bob\r@HOST-B"));
    }

    @Test
    void rejectsMissingHost() {
        assertThrows(IllegalArgumentException.class, () -> EnvelopeAddress.parse("bob"));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeAddress.parse("bob@"));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeAddress.parse("@HOST-B"));
    }

    @Test
    void rejectsSpaceInUser() {
        assertThrows(IllegalArgumentException.class,
                () -> EnvelopeAddress.parse("bob smith@HOST-B"));
    }

    @Test
    void comparesHostsCaseInsensitively() {
        assertTrue(EnvelopeAddress.parse("bob@host-b").isOn("HOST-B"));
        assertEquals("HOST-B", EnvelopeAddress.parse("bob@host-b").hostKey());
    }
}
