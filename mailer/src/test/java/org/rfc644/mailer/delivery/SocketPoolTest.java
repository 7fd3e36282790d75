package org.rfc644.mailer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SocketPoolTest {

    @Test
    void handsOutEachSocketOnce() {
        SocketPool pool = new SocketPool(List.of(240, 232));

        assertEquals(Optional.of(232), pool.tryAcquire());
        assertEquals(Optional.of(240), pool.tryAcquire());
        assertTrue(pool.tryAcquire().isEmpty());

        pool.release(240);
        assertEquals(Optional.of(240), pool.tryAcquire());
    }

    @Test
    void rejectsOddSocket() {
        assertThrows(IllegalArgumentException.class, () -> new SocketPool(List.of(233)));
    }

    @Test
    void rejectsOverlappingSockets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SocketPool(List.of(232, 236)));

        assertTrue(e.getMessage().contains("6 apart"), e.getMessage());
    }

    @Test
    void acceptsSocketsSixApart() {
        assertEquals(List.of(232, 238), new SocketPool(List.of(238, 232)).sockets());
    }

    @Test
    void rejectsReleaseOfFreeSocket() {
        SocketPool pool = new SocketPool(List.of(232));

        assertThrows(IllegalStateException.class, () -> pool.release(232));
    }
}
