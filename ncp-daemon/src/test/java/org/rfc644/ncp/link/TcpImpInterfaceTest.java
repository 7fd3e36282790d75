package org.rfc644.ncp.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.hosts.HostTableEntry;
import org.rfc644.ncp.wire.Leader;

/** Interfaces and hand-driven peers on 127.0.0.N of the loopback interface. */
class TcpImpInterfaceTest {

    private static final TunnelSettings FAST = new TunnelSettings(
            Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofMillis(400), 16);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    @Test
    void messagesBothWaysCompleteOnRfnm() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        RecordingListener listenerB = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);
        TcpImpInterface b = start(table, 2, FAST, listenerB);

        a.send(message(2, 5, "from A")).get(5, TimeUnit.SECONDS);
        byte[] atB = listenerB.nextMessage();
        assertNotNull(atB, "B received nothing");
        // The IMP delivers the message with the leader's host field naming the source.
        assertArrayEquals(message(1, 5, "from A"), atB);

        b.send(message(1, 7, "from B")).get(5, TimeUnit.SECONDS);
        assertArrayEquals(message(2, 7, "from B"), listenerA.nextMessage());

        assertEquals(2, listenerA.nextHostUp());
        assertEquals(1, listenerB.nextHostUp());
        assertTrue(listenerA.hostsDead.isEmpty(), listenerA.hostsDead.toString());
    }

    @Test
    void simultaneousOpenKeepsOneTunnel() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        RecordingListener listenerB = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);
        TcpImpInterface b = start(table, 2, FAST, listenerB);

        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int link = 2; link < 12; link++) {
            sends.add(a.send(message(2, link, "a" + link)));
            sends.add(b.send(message(1, link, "b" + link)));
        }
        for (CompletableFuture<Void> send : sends) {
            send.get(10, TimeUnit.SECONDS);
        }

        assertEquals(10, listenerA.messages.size());
        assertEquals(10, listenerB.messages.size());
        // A replaced or lost tunnel would show as host dead and a second host up.
        Thread.sleep(300);
        assertEquals(List.of(2), new ArrayList<>(listenerA.hostsUp));
        assertEquals(List.of(1), new ArrayList<>(listenerB.hostsUp));
        assertTrue(listenerA.hostsDead.isEmpty(), listenerA.hostsDead.toString());
        assertTrue(listenerB.hostsDead.isEmpty(), listenerB.hostsDead.toString());
    }

    @Test
    void linkCarriesOneMessageAtATime() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (ServerSocket hostB = listenOn(table.byNumber(2).orElseThrow())) {
            // Messages queued while the tunnel opens leave one per link once it is up.
            CompletableFuture<Void> queuedFirst = a.send(message(2, 5, "queued first"));
            CompletableFuture<Void> queuedSecond = a.send(message(2, 5, "queued second"));
            CompletableFuture<Void> otherLink = a.send(message(2, 6, "other link"));
            RawTunnelEnd b = acceptAndGreet(hostB, 1, 2);

            byte[] queuedFirstFrame = b.readFrame(5000);
            assertEquals("queued first", text(queuedFirstFrame));
            assertEquals(1, queuedFirstFrame[1], "tunnel leader names the sending host");
            assertEquals("other link", text(b.readFrame(5000)));
            assertTrue(b.silentFor(500), "a second message on link 5 left before the RFNM of the first");
            assertFalse(queuedFirst.isDone());

            b.sendFrame(rfnmFor(queuedFirstFrame));
            queuedFirst.get(5, TimeUnit.SECONDS);
            byte[] queuedSecondFrame = b.readFrame(5000);
            assertEquals("queued second", text(queuedSecondFrame));
            assertNotEquals(messageId(queuedFirstFrame), messageId(queuedSecondFrame));

            // A message sent while the tunnel is up waits too.
            CompletableFuture<Void> third = a.send(message(2, 5, "third"));
            assertTrue(b.silentFor(500), "a third message on link 5 left before the RFNM of the second");
            assertFalse(queuedSecond.isDone());
            assertFalse(third.isDone());

            b.sendFrame(rfnmFor(queuedSecondFrame));
            queuedSecond.get(5, TimeUnit.SECONDS);
            byte[] thirdFrame = b.readFrame(5000);
            assertEquals("third", text(thirdFrame));
            b.sendFrame(rfnmFor(thirdFrame));
            third.get(5, TimeUnit.SECONDS);
            assertFalse(otherLink.isDone());
        }
    }

    @Test
    void missingRfnmFailsWithIncompleteTransmission() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        TunnelSettings settings = new TunnelSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(400), 16);
        TcpImpInterface a = start(table, 1, settings, new RecordingListener());

        try (ServerSocket hostB = listenOn(table.byNumber(2).orElseThrow())) {
            CompletableFuture<Void> first = a.send(message(2, 5, "first"));
            CompletableFuture<Void> second = a.send(message(2, 5, "second"));
            RawTunnelEnd b = acceptAndGreet(hostB, 1, 2);

            byte[] firstFrame = b.readFrame(5000);
            ExecutionException failure = assertThrows(ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IncompleteTransmissionException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().startsWith("INCOMPLETE TRANSMISSION to host 2 on link 5"),
                    failure.getCause().getMessage());

            // The link is free again: the next message leaves, and a late RFNM of the first does not
            // complete it.
            byte[] secondFrame = b.readFrame(5000);
            assertEquals("second", text(secondFrame));
            b.sendFrame(rfnmFor(firstFrame));
            Thread.sleep(100);
            assertFalse(second.isDone());
            b.sendFrame(rfnmFor(secondFrame));
            second.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void queueOverLimitFails() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        TunnelSettings settings = new TunnelSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(400), 2);
        TcpImpInterface a = start(table, 1, settings, new RecordingListener());

        try (ServerSocket hostB = listenOn(table.byNumber(2).orElseThrow())) {
            CompletableFuture<Void> first = a.send(message(2, 5, "1"));
            CompletableFuture<Void> second = a.send(message(2, 6, "2"));
            CompletableFuture<Void> third = a.send(message(2, 7, "3"));

            ExecutionException failure = assertThrows(ExecutionException.class, () -> third.get(5, TimeUnit.SECONDS));
            assertInstanceOf(java.io.IOException.class, failure.getCause());
            assertFalse(failure.getCause() instanceof HostDeadException);
            assertTrue(failure.getCause().getMessage().contains("queue to host 2 is full"),
                    failure.getCause().getMessage());
            assertFalse(first.isDone());
            assertFalse(second.isDone());
        }
    }

    @Test
    void lostTunnelFailsOutstandingWithHostDead() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (ServerSocket hostB = listenOn(table.byNumber(2).orElseThrow())) {
            CompletableFuture<Void> first = a.send(message(2, 5, "first"));
            CompletableFuture<Void> waiting = a.send(message(2, 5, "waiting"));
            RawTunnelEnd b = acceptAndGreet(hostB, 1, 2);
            b.readFrame(5000);
            assertEquals(2, listenerA.nextHostUp());

            b.close();

            assertInstanceOf(HostDeadException.class, failureOf(first));
            assertInstanceOf(HostDeadException.class, failureOf(waiting));
            assertTrue(listenerA.nextHostDead().startsWith("2: "));
        }
    }

    @Test
    void impostorAddressRefused() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2, 3);
        RecordingListener listenerB = new RecordingListener();
        TcpImpInterface b = start(table, 2, FAST, listenerB);

        // Host 3 claims to be host 1, whose table address is 127.0.0.1.
        try (RawTunnelEnd impostor = RawTunnelEnd.connect(LoopbackNetwork.ipOf(3), b.listenAddress())) {
            impostor.sendFrame(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0));
            impostor.sendFrame(message(1, 5, "forged"));

            assertTrue(impostor.closedByPeerWithin(5000), "the interface did not close the impostor's connection");
        }

        assertNull(listenerB.messages.poll(300, TimeUnit.MILLISECONDS), "a forged message reached the NCP");
        assertTrue(listenerB.hostsUp.isEmpty(), listenerB.hostsUp.toString());
    }

    @Test
    void genuineAddressAccepted() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2, 3);
        RecordingListener listenerB = new RecordingListener();
        TcpImpInterface b = start(table, 2, FAST, listenerB);

        try (RawTunnelEnd host3 = RawTunnelEnd.connect(LoopbackNetwork.ipOf(3), b.listenAddress())) {
            host3.sendFrame(RawTunnelEnd.leader(Leader.NOP, 3, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0), host3.readFrame(5000));

            host3.sendFrame(messageWithId(3, 9, 4, "genuine"));
            assertArrayEquals(message(3, 9, "genuine"), listenerB.nextMessage());
            assertArrayEquals(RawTunnelEnd.leader(Leader.RFNM, 2, 9, 4), host3.readFrame(5000));
            assertEquals(3, listenerB.nextHostUp());

            // A message whose leader names another host than the tunnel's peer is dropped.
            host3.sendFrame(message(1, 9, "wrong host"));
            // A message of a type that no host sends is dropped.
            host3.sendFrame(RawTunnelEnd.leader(Leader.DESTINATION_DEAD, 3, 9, 0));
            assertTrue(host3.silentFor(300));
            assertNull(listenerB.messages.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void unreachableHostIsDead() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        Throwable failure = failureOf(a.send(message(2, 5, "anyone there?")));

        assertInstanceOf(HostDeadException.class, failure);
        assertEquals(2, ((HostDeadException) failure).host());
        // Callers write their own "host ... is dead", so the message is the reason alone.
        assertTrue(failure.getMessage().startsWith("connect to "), failure.getMessage());
        assertTrue(listenerA.nextHostDead().startsWith("2: connect to "), listenerA.hostsDead.toString());
    }

    @Test
    void secondTunnelToLiveHostRejected() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        RecordingListener listenerB = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);
        TcpImpInterface b = start(table, 2, FAST, listenerB);
        a.send(message(2, 5, "first")).get(5, TimeUnit.SECONDS);

        // A local process binds the other host's address and greets with its number, once
        // against the host that opened the tunnel and once against the host that accepted it.
        try (RawTunnelEnd claimsA = RawTunnelEnd.connect(LoopbackNetwork.ipOf(1), b.listenAddress());
                RawTunnelEnd claimsB = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            claimsA.sendFrame(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0));
            claimsB.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            claimsA.sendFrame(message(1, 5, "forged"));

            assertTrue(claimsA.closedByPeerWithin(5000), "host 2 did not reject the second tunnel of host 1");
            assertTrue(claimsB.closedByPeerWithin(5000), "host 1 did not reject the second tunnel of host 2");
        }

        a.send(message(2, 5, "second")).get(5, TimeUnit.SECONDS);
        b.send(message(1, 6, "reply")).get(5, TimeUnit.SECONDS);
        assertArrayEquals(message(1, 5, "first"), listenerB.nextMessage());
        assertArrayEquals(message(1, 5, "second"), listenerB.nextMessage());
        assertArrayEquals(message(2, 6, "reply"), listenerA.nextMessage());
        assertEquals(List.of(2), new ArrayList<>(listenerA.hostsUp));
        assertEquals(List.of(1), new ArrayList<>(listenerB.hostsUp));
        assertTrue(listenerA.hostsDead.isEmpty(), listenerA.hostsDead.toString());
        assertTrue(listenerB.hostsDead.isEmpty(), listenerB.hostsDead.toString());
    }

    @Test
    void probeIsAnswered() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        TcpImpInterface a = start(table, 1, FAST, new RecordingListener());

        try (RawTunnelEnd b = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            b.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), b.readFrame(5000));

            b.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, TunnelLeader.PROBE_LINK, 7));

            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, TunnelLeader.PROBE_REPLY_LINK, 7), b.readFrame(5000));
        }
    }

    @Test
    void silentlyDeadTunnelReplaced() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (RawTunnelEnd old = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress());
                RawTunnelEnd restarted = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            old.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), old.readFrame(5000));
            assertEquals(2, listenerA.nextHostUp());

            // The old end stands for a host that vanished without closing: it ignores the probe.
            restarted.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            byte[] probe = old.readFrame(5000);
            assertEquals(Leader.NOP, probe[0]);
            assertEquals(1, probe[1]);
            assertEquals(TunnelLeader.PROBE_LINK, probe[2]);

            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), restarted.readFrame(5000));
            assertTrue(old.closedByPeerWithin(5000), "the old tunnel was not closed");
            String dead = listenerA.nextHostDead();
            assertTrue(dead.startsWith("2: no reply to a probe"), dead);
            assertEquals(2, listenerA.nextHostUp());

            a.send(message(2, 5, "to the new tunnel"));
            assertEquals("to the new tunnel", text(restarted.readFrame(5000)));
        }
    }

    @Test
    void closedTunnelReplacedDuringProbe() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (RawTunnelEnd restarted = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            RawTunnelEnd old = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress());
            old.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), old.readFrame(5000));
            assertEquals(2, listenerA.nextHostUp());

            restarted.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertEquals(TunnelLeader.PROBE_LINK, old.readFrame(5000)[2]);
            old.close();

            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), restarted.readFrame(5000));
            String dead = listenerA.nextHostDead();
            assertTrue(dead.startsWith("2: connection closed by the peer"), dead);
            assertEquals(2, listenerA.nextHostUp());
        }
    }

    @Test
    void connectionsWaitingForGreetingCapped() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2, 3);
        TunnelSettings slowGreeting = new TunnelSettings(Duration.ofSeconds(2), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(400), 16);
        TcpImpInterface a = start(table, 1, slowGreeting, new RecordingListener());

        List<RawTunnelEnd> silent = new ArrayList<>();
        for (int i = 0; i < GreetingLimit.MAX_PER_ADDRESS; i++) {
            RawTunnelEnd end = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress());
            opened.add(end);
            silent.add(end);
        }
        try (RawTunnelEnd overLimit = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            assertTrue(overLimit.closedByPeerWithin(5000), "a connection over the limit per address was kept");
        }
        for (RawTunnelEnd end : silent) {
            assertFalse(end.closedByPeerWithin(100), "a connection within the limit was closed");
        }

        // Another address is not held up by the silent connections.
        try (RawTunnelEnd host3 = RawTunnelEnd.connect(LoopbackNetwork.ipOf(3), a.listenAddress())) {
            host3.sendFrame(RawTunnelEnd.leader(Leader.NOP, 3, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), host3.readFrame(5000));
        }

        // A connection that greets frees its place.
        silent.get(0).sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
        assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), silent.get(0).readFrame(5000));
        try (RawTunnelEnd fifth = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            assertFalse(fifth.closedByPeerWithin(500), "a connection within the limit was closed");
        }
    }

    @Test
    void restartedPeerComesBack() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        assertInstanceOf(HostDeadException.class, failureOf(a.send(message(2, 5, "early"))));
        assertNotNull(listenerA.nextHostDead());

        // Host 2 starts: the backoff timer of host 1 reaches it without any further send.
        TcpImpInterface b = start(table, 2, FAST, new RecordingListener());
        assertEquals(2, listenerA.nextHostUp());
        a.send(message(2, 5, "after start")).get(5, TimeUnit.SECONDS);

        b.close();
        assertTrue(listenerA.nextHostDead().startsWith("2: "));

        RecordingListener listenerB2 = new RecordingListener();
        start(table, 2, FAST, listenerB2);
        assertEquals(2, listenerA.nextHostUp());
        a.send(message(2, 5, "after restart")).get(5, TimeUnit.SECONDS);
        assertArrayEquals(message(1, 5, "after restart"), listenerB2.nextMessage());
    }

    @Test
    void oversizeFrameRefusedTunnelSurvives() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (RawTunnelEnd b = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            b.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), b.readFrame(5000));

            byte[] oversize = message(2, 9, "x".repeat(TcpImpInterface.MAX_MESSAGE_OCTETS));
            b.sendFrame(oversize);
            b.sendFrame(message(2, 9, "after the oversize frame"));

            assertArrayEquals(message(2, 9, "after the oversize frame"), listenerA.nextMessage());
            assertArrayEquals(RawTunnelEnd.leader(Leader.RFNM, 1, 9, 0), b.readFrame(5000));
            assertTrue(listenerA.messages.isEmpty());
        }
    }

    @Test
    void oversizeFrameBeforeGreetingClosesConnection() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        try (RawTunnelEnd b = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            b.sendRaw(65535, new byte[100]);
            assertTrue(b.closedByPeerWithin(5000));
        }

        // The interface still accepts tunnels.
        try (RawTunnelEnd b = RawTunnelEnd.connect(LoopbackNetwork.ipOf(2), a.listenAddress())) {
            b.sendFrame(RawTunnelEnd.leader(Leader.NOP, 2, 0, 0));
            assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, 1, 0, 0), b.readFrame(5000));
        }
    }

    @Test
    void closeFailsQueuedSilently() throws Exception {
        HostTable table = LoopbackNetwork.table(1, 2, 3);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        // Host 3 takes the TCP connection but never greets, so the attempt to reach it stays open.
        try (ServerSocket hostB = listenOn(table.byNumber(2).orElseThrow());
                ServerSocket hostC = listenOn(table.byNumber(3).orElseThrow())) {
            CompletableFuture<Void> inFlight = a.send(message(2, 5, "in flight"));
            CompletableFuture<Void> waiting = a.send(message(2, 5, "waiting"));
            CompletableFuture<Void> connecting = a.send(message(3, 5, "connecting"));
            RawTunnelEnd b = acceptAndGreet(hostB, 1, 2);
            b.readFrame(5000);
            assertEquals(2, listenerA.nextHostUp());

            a.close();

            Throwable inFlightFailure = failureOf(inFlight);
            assertInstanceOf(HostDeadException.class, inFlightFailure, inFlightFailure.toString());
            Throwable waitingFailure = failureOf(waiting);
            assertInstanceOf(HostDeadException.class, waitingFailure, waitingFailure.toString());
            Throwable connectingFailure = failureOf(connecting);
            assertInstanceOf(HostDeadException.class, connectingFailure, connectingFailure.toString());
            Thread.sleep(200);
            assertTrue(b.closedByPeerWithin(5000));
            assertTrue(listenerA.hostsDead.isEmpty(), listenerA.hostsDead.toString());
            assertInstanceOf(java.io.IOException.class, failureOf(a.send(message(2, 5, "after close"))));
        }
    }

    @Test
    void messageToOwnHostComesBack() throws Exception {
        HostTable table = LoopbackNetwork.table(1);
        RecordingListener listenerA = new RecordingListener();
        TcpImpInterface a = start(table, 1, FAST, listenerA);

        a.send(message(1, 3, "to myself")).get(5, TimeUnit.SECONDS);

        assertArrayEquals(message(1, 3, "to myself"), listenerA.nextMessage());
    }

    @Test
    void invalidSendsFail() throws Exception {
        HostTable table = LoopbackNetwork.table(1);
        TcpImpInterface a = start(table, 1, FAST, new RecordingListener());

        byte[] nop = message(1, 0, "");
        nop[0] = Leader.NOP;
        assertInstanceOf(IllegalArgumentException.class, failureOf(a.send(nop)));
        assertInstanceOf(IllegalArgumentException.class, failureOf(a.send(new byte[3])));
        assertInstanceOf(IllegalArgumentException.class,
                failureOf(a.send(message(1, 3, "x".repeat(TcpImpInterface.MAX_MESSAGE_OCTETS)))));
        Throwable unknownHost = failureOf(a.send(message(77, 3, "nobody")));
        assertInstanceOf(HostDeadException.class, unknownHost);
        assertTrue(unknownHost.getMessage().contains("not in the host table"));
    }

    private TcpImpInterface start(HostTable table, int host, TunnelSettings settings, ImpListener listener)
            throws Exception {
        TcpImpInterface imp = new TcpImpInterface(table, host, settings);
        opened.add(imp);
        imp.start(listener);
        return imp;
    }

    private ServerSocket listenOn(HostTableEntry entry) throws Exception {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(entry.address());
        return server;
    }

    /** Accepts host {@code opener}'s tunnel on behalf of host {@code self} and greets back. */
    private RawTunnelEnd acceptAndGreet(ServerSocket server, int opener, int self) throws Exception {
        RawTunnelEnd end = RawTunnelEnd.accept(server);
        opened.add(end);
        assertArrayEquals(RawTunnelEnd.leader(Leader.NOP, opener, 0, 0), end.readFrame(5000));
        end.sendFrame(RawTunnelEnd.leader(Leader.NOP, self, 0, 0));
        return end;
    }

    private static Throwable failureOf(CompletableFuture<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    /** Returns a regular message: leader, then octets that stand for the NCP header and text. */
    static byte[] message(int host, int link, String text) {
        return messageWithId(host, link, 0, text);
    }

    private static byte[] messageWithId(int host, int link, int messageId, String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(RawTunnelEnd.leader(Leader.REGULAR, host, link, messageId),
                Leader.OCTETS + body.length);
        System.arraycopy(body, 0, message, Leader.OCTETS, body.length);
        return message;
    }

    private static String text(byte[] frame) {
        return new String(frame, Leader.OCTETS, frame.length - Leader.OCTETS, StandardCharsets.US_ASCII);
    }

    private static int messageId(byte[] frame) {
        return (frame[3] & 0xff) >>> 4;
    }

    /** Returns the RFNM that host 2 sends for {@code frame}: same link, same message id. */
    private static byte[] rfnmFor(byte[] frame) {
        return RawTunnelEnd.leader(Leader.RFNM, 2, frame[2] & 0xff, messageId(frame));
    }
}
