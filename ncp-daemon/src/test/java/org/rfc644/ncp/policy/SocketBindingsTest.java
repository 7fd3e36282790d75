package org.rfc644.ncp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SocketBindingsTest {

    private final SocketPolicy policy = new SocketPolicy(List.of(
            new SocketReservation(1024, 1027, List.of("mailer"), List.of(1001))),
            UserDatabase.system());
    private final SocketBindings<String> bindings = new SocketBindings<>(policy);

    @Test
    void socketBoundByOneSessionAtATime() {
        assertTrue(bindings.bind(232, "first"));
        assertTrue(bindings.bind(232, "first"), "binding again by the same session");
        assertFalse(bindings.bind(232, "second"));
        assertEquals("first", bindings.owner(232));

        bindings.release(232, "second");
        assertEquals("first", bindings.owner(232), "released by a session that does not hold it");

        bindings.release(232, "first");
        assertTrue(bindings.bind(232, "second"));
    }

    @Test
    void allocateSkipsReservedAndBoundSockets() {
        bindings.bind(1028, "other");

        long first = bindings.allocate(2, 0, "session").getAsLong();

        assertEquals(1030, first);
        assertEquals("session", bindings.owner(1030));
        assertEquals("session", bindings.owner(1031));
    }

    @Test
    void allocateHonoursGender() {
        long odd = bindings.allocate(1, 1, "session").getAsLong();
        long even = bindings.allocate(1, 0, "session").getAsLong();

        assertEquals(1, odd & 1);
        assertEquals(0, even & 1);
        assertTrue(odd >= 1028, "allocated a reserved odd socket: " + odd);
        assertTrue(even >= 1028, "allocated a reserved even socket: " + even);
    }

    @Test
    void releaseAllFreesSessionSockets() {
        bindings.bind(5, "session");
        bindings.bind(7, "other");
        long allocated = bindings.allocate(2, 0, "session").getAsLong();

        assertEquals(3, bindings.countOf("session"));

        List<Long> released = bindings.releaseAll("session");

        assertEquals(3, released.size());
        assertNull(bindings.owner(5));
        assertNull(bindings.owner(allocated));
        assertEquals("other", bindings.owner(7));
        assertEquals(0, bindings.countOf("session"));
        assertEquals(1, bindings.countOf("other"));
    }
}
