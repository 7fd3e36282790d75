package org.rfc644.ncp.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rfc644.ncp.client.NcpException;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.link.TcpImpInterface;
import org.rfc644.ncp.link.TunnelSettings;
import org.rfc644.ncp.policy.Limits;
import org.rfc644.ncp.wire.All;
import org.rfc644.ncp.wire.Cls;
import org.rfc644.ncp.wire.Eco;
import org.rfc644.ncp.wire.Erp;
import org.rfc644.ncp.wire.Err;
import org.rfc644.ncp.wire.ErrorCode;
import org.rfc644.ncp.wire.Gvb;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.Inr;
import org.rfc644.ncp.wire.Ins;
import org.rfc644.ncp.wire.Ret;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;
import org.rfc644.ncp.wire.Rts;
import org.rfc644.ncp.wire.Str;

/**
 * The engine of host 1 against a scripted host 2, both on real TCP IMP interfaces over loopback.
 * Allocations are tiny (2 messages, 64 bits) so that flow control shows.
 */
class NcpEngineTest {

    private static final EngineConfig CONFIG = new EngineConfig(Duration.ofMillis(500),
            Duration.ofMillis(1000), Duration.ofMillis(1000), 2, 64, 1024,
            new Limits(8, 8, 2, 16, 4));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HostTable hosts;
    private DefaultEventLoop loop;
    private TcpImpInterface imp;
    private NcpEngine engine;
    private ScriptedPeer peer;
    private final RecordingOwner owner = new RecordingOwner();

    @BeforeEach
    void setUp() throws Exception {
        hosts = TestNetwork.table(1, 2, 3, 4, 5);
        loop = new DefaultEventLoop();
        imp = new TcpImpInterface(hosts, 1);
        engine = new NcpEngine(loop, imp, hosts, CONFIG);
        engine.start();
        peer = new ScriptedPeer(hosts, 2, 1);
    }

    @AfterEach
    void tearDown() {
        peer.close();
        imp.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void openFromReceiveSocketSendsRtsThenAll() throws Exception {
        CompletableFuture<Connection> opening = onLoop(() -> engine.open(owner, 4, 2, 5, 8, TIMEOUT));

        Rts rts = peer.expect(Rts.class);
        assertEquals(4, rts.receiveSocket());
        assertEquals(5, rts.sendSocket());
        assertTrue(rts.link() >= 2, "link " + rts.link());
        assertTrue(rts.link() <= 71, "link " + rts.link());

        peer.send(new Str(5, 4, 8));
        Connection connection = opening.get(5, TimeUnit.SECONDS);
        assertEquals(ConnectionState.OPEN, connection.state());
        assertEquals(rts.link(), connection.link());

        All all = peer.expect(All.class);
        assertEquals(rts.link(), all.link());
        assertEquals(2, all.messageSpace());
        assertEquals(64, all.bitSpace());
    }

    @Test
    void receivedDataDeliveredAndReallocated() throws Exception {
        Connection connection = openReceive(4, 5, 8);
        byte[] text = "ABCDEFGH".getBytes(StandardCharsets.US_ASCII);

        peer.sendData(connection.link(), 8, text);

        All all = peer.expect(All.class);
        assertEquals(1, all.messageSpace());
        assertEquals(64, all.bitSpace());
        assertArrayEquals(text, owner.dataSoFar());
        assertEquals(8, connection.bytesIn());
    }

    @Test
    void dataBeyondAllocationGetsErr() throws Exception {
        Connection connection = openReceive(4, 5, 8);

        peer.sendData(connection.link(), 8, new byte[9]);

        Err err = peer.expect(Err.class);
        assertEquals(ErrorCode.UNDEFINED, err.code());
        assertEquals(0, owner.dataSoFar().length);
    }

    @Test
    void dataWaitsWhileOwnerNotReady() throws Exception {
        Connection connection = openReceive(4, 5, 8);
        owner.ready = false;

        peer.sendData(connection.link(), 8, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        peer.expectSilence(300);
        assertEquals(0, owner.dataSoFar().length);

        owner.ready = true;
        onLoop(() -> {
            engine.ownerReady(owner);
            return null;
        });
        peer.expect(All.class);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, owner.dataSoFar());
    }

    @Test
    void refusalByClsFailsOpen() throws Exception {
        CompletableFuture<Connection> opening = onLoop(() -> engine.open(owner, 4, 2, 5, 8, TIMEOUT));
        peer.expect(Rts.class);

        peer.send(new Cls(5, 4));

        NcpException failure = failure(opening);
        assertEquals(NcpException.Code.REFUSED, failure.code());
        Cls cls = peer.expect(Cls.class);
        assertEquals(4, cls.mySocket());
        assertEquals(5, cls.yourSocket());
    }

    @Test
    void heldRequestMatchesLaterOpen() throws Exception {
        peer.send(new Rts(8, 7, 9));
        Thread.sleep(100);

        Connection connection = onLoop(() -> engine.open(owner, 7, 2, 8, 32, TIMEOUT))
                .get(1, TimeUnit.SECONDS);

        Str str = peer.expect(Str.class);
        assertEquals(7, str.sendSocket());
        assertEquals(8, str.receiveSocket());
        assertEquals(32, str.byteSize());
        assertEquals(9, connection.link());
    }

    @Test
    void senderNeverExceedsAllocation() throws Exception {
        Connection connection = openSend(7, 8, 32, 9);
        byte[] data = new byte[5 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i + 1);
        }

        onLoop(() -> {
            engine.send(connection, data);
            return null;
        });
        peer.expectSilence(200);
        assertNull(peer.dataMessages.poll(200, TimeUnit.MILLISECONDS), "data sent without ALL");

        peer.send(new All(9, 1, 64));
        HostMessage first = peer.expectData();
        assertEquals(2, first.byteCount());
        assertEquals(32, first.byteSize());
        assertEquals(9, first.leader().link());
        assertNull(peer.dataMessages.poll(300, TimeUnit.MILLISECONDS), "sent beyond one message");

        peer.send(new All(9, 5, 1000));
        HostMessage second = peer.expectData();
        assertEquals(3, second.byteCount());
        byte[] expectedTail = new byte[12];
        System.arraycopy(data, 8, expectedTail, 0, 12);
        assertArrayEquals(expectedTail, second.text());
        assertEquals(5, connection.bytesOut());
    }

    @Test
    void heldRequestRefusedAfterHoldTime() throws Exception {
        peer.send(new Rts(8, 11, 9));

        Cls cls = peer.expect(Cls.class);
        assertEquals(11, cls.mySocket());
        assertEquals(8, cls.yourSocket());

        peer.send(new Cls(8, 11));
        peer.expectSilence(300);
    }

    @Test
    void listenerQueuesRequestsOneConnectionAtATime() throws Exception {
        SocketListener listener = onLoop(() -> engine.listen(owner, 3, 8));
        peer.send(new Rts(100, 3, 5), new Rts(102, 3, 6));

        Connection first = onLoop(() -> engine.accept(listener, TIMEOUT)).get(5, TimeUnit.SECONDS);
        Str str = peer.expect(Str.class);
        assertEquals(100, str.receiveSocket());
        assertEquals(100, first.foreignSocket());

        CompletableFuture<Connection> second = onLoop(() -> engine.accept(listener, TIMEOUT));
        peer.expectSilence(200);
        assertFalse(second.isDone(), "a second connection on socket 3 while the first is open");

        CompletableFuture<Void> closing = onLoop(() -> engine.close(first));
        assertEquals(new Cls(3, 100), peer.expect(Cls.class));
        peer.send(new Cls(100, 3));
        closing.get(5, TimeUnit.SECONDS);

        assertEquals(102, second.get(5, TimeUnit.SECONDS).foreignSocket());
        assertEquals(102, peer.expect(Str.class).receiveSocket());
    }

    @Test
    void pendingLimitPerSocketRefuses() throws Exception {
        onLoop(() -> engine.listen(owner, 3, 8));

        peer.send(new Rts(100, 3, 5), new Rts(102, 3, 6), new Rts(104, 3, 7));

        Cls cls = peer.expect(Cls.class);
        assertEquals(104, cls.yourSocket());
    }

    @Test
    void dataOnUnusedLinkGetsErr5() throws Exception {
        peer.sendData(33, 8, new byte[] {0x41});

        Err err = peer.expect(Err.class);
        assertEquals(ErrorCode.SOCKET_NOT_CONNECTED, err.code());
        assertEquals(33, err.data()[2] & 0xff, "quoted header names the link");
        assertEquals(0x41, err.data()[9] & 0xff, "quoted first text octet");
    }

    @Test
    void clsForUnknownSocketsGetsErr4() throws Exception {
        peer.send(new Cls(41, 40));

        assertEquals(ErrorCode.REQUEST_ON_NONEXISTENT_SOCKET, peer.expect(Err.class).code());
    }

    @Test
    void allAboveCounterLimitGetsErr3() throws Exception {
        openSend(7, 8, 8, 9);

        peer.send(new All(9, 0xFFFF, 8));
        peer.send(new All(9, 1, 8));

        assertEquals(ErrorCode.BAD_PARAMETERS, peer.expect(Err.class).code());
    }

    @Test
    void gvbAnsweredByRetRoundedUp() throws Exception {
        openSend(7, 8, 8, 9);
        peer.send(new All(9, 10, 1000));

        peer.send(new Gvb(9, 64, 1));

        assertEquals(new Ret(9, 5, 8), peer.expect(Ret.class));
    }

    @Test
    void retWithoutGvbGetsErr() throws Exception {
        Connection connection = openReceive(4, 5, 8);

        peer.send(new Ret(connection.link(), 1, 8));

        Err err = peer.expect(Err.class);
        assertEquals(ErrorCode.UNDEFINED, err.code());
        assertEquals(Ret.OPCODE, err.data()[0] & 0xff);
    }

    @Test
    void withdrawnRequestAcknowledgedWithCls() throws Exception {
        peer.send(new Rts(8, 13, 9));

        peer.send(new Cls(8, 13));

        assertEquals(new Cls(13, 8), peer.expect(Cls.class));
        peer.expectSilence(800);
    }

    @Test
    void ecoAnsweredByErp() throws Exception {
        peer.send(new Eco(77));

        assertEquals(new Erp(77), peer.expect(Erp.class));
    }

    @Test
    void pingCompletesOnMatchingErp() throws Exception {
        CompletableFuture<Duration> ping = onLoop(() -> engine.ping(2, TIMEOUT));
        Eco eco = peer.expect(Eco.class);

        peer.send(new Erp((eco.data() + 1) & 0xff));
        peer.expectSilence(200);
        assertFalse(ping.isDone(), "ping completed by an ERP with other data");

        peer.send(new Erp(eco.data()));
        assertTrue(ping.get(5, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    void pingOfDeadHostFailsHostDead() throws Exception {
        CompletableFuture<Duration> ping = onLoop(() -> engine.ping(5, TIMEOUT));

        assertEquals(NcpException.Code.HOST_DEAD, failure(ping).code());
    }

    @Test
    void firstContactSendsRstAndWaitsForRrp() throws Exception {
        peer.answerResets = false;

        CompletableFuture<Duration> ping = onLoop(() -> engine.ping(2, TIMEOUT));

        peer.expect(Rst.class);
        peer.expectSilence(200);
        peer.send(new Rrp());
        Eco eco = peer.expect(Eco.class);
        peer.send(new Erp(eco.data()));
        ping.get(5, TimeUnit.SECONDS);
    }

    @Test
    void rstPurgesConnectionsAndGetsRrp() throws Exception {
        Connection connection = openReceive(4, 5, 8);
        peer.answerResets = false;

        peer.send(new Rst());

        peer.expect(Rrp.class);
        String reason = owner.closed.poll(5, TimeUnit.SECONDS);
        assertNotNull(reason, "owner not told of the purge");
        assertTrue(reason.startsWith("reset"), reason);
        assertFalse(onLoop(() -> engine.hasConnection(connection.localSocket())));
    }

    @Test
    void illegalOpcodeGetsErr1AndEngineGoesOn() throws Exception {
        peer.sendControlText(new byte[] {(byte) 200, 1, 2});

        Err err = peer.expect(Err.class);
        assertEquals(ErrorCode.ILLEGAL_OPCODE, err.code());
        assertEquals(200, err.data()[0] & 0xff);

        peer.send(new Eco(5));
        assertEquals(new Erp(5), peer.expect(Erp.class));
    }

    @Test
    void insAndInrReachOwner() throws Exception {
        Connection receive = openReceive(4, 5, 8);
        Connection send = openSend(7, 8, 8, 9);

        peer.send(new Ins(receive.link()));
        peer.send(new Inr(9));

        assertEquals(receive, owner.interrupts.poll(5, TimeUnit.SECONDS));
        assertEquals(send, owner.interrupts.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void localInterruptSendsInrOrIns() throws Exception {
        Connection receive = openReceive(4, 5, 8);

        onLoop(() -> {
            engine.interrupt(receive);
            return null;
        });

        assertEquals(new Inr(receive.link()), peer.expect(Inr.class));
    }

    @Test
    void foreignClsOnSendConnectionAnswered() throws Exception {
        openSend(7, 8, 8, 9);

        peer.send(new Cls(8, 7));

        assertEquals(new Cls(7, 8), peer.expect(Cls.class));
        assertEquals("closed by HOST2", owner.closed.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void closeSendsUnsentDataBeforeCls() throws Exception {
        Connection connection = openSend(7, 8, 8, 9);
        onLoop(() -> {
            engine.send(connection, new byte[] {1, 2, 3});
            return null;
        });

        CompletableFuture<Void> closing = onLoop(() -> engine.close(connection));
        peer.expectSilence(200);
        peer.send(new All(9, 1, 64));

        assertArrayEquals(new byte[] {1, 2, 3}, peer.expectData().text());
        assertEquals(new Cls(7, 8), peer.expect(Cls.class));
        peer.send(new Cls(8, 7));
        closing.get(5, TimeUnit.SECONDS);
    }

    @Test
    void lostDataMessageClosesConnection() throws Exception {
        TunnelSettings quickRfnm = new TunnelSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(60), 256);
        TcpImpInterface quickImp = new TcpImpInterface(hosts, 3, quickRfnm);
        NcpEngine quickEngine = new NcpEngine(loop, quickImp, hosts, CONFIG);
        quickEngine.start();
        try (ScriptedPeer stalling = new ScriptedPeer(hosts, 4, 3)) {
            stalling.stallMillis = 1000;
            CompletableFuture<Connection> opening = onLoop(() ->
                    quickEngine.open(owner, 7, 4, 8, 8, TIMEOUT));
            stalling.expect(Str.class);
            stalling.send(new Rts(8, 7, 9), new All(9, 1, 64));
            Connection connection = opening.get(5, TimeUnit.SECONDS);

            onLoop(() -> {
                quickEngine.send(connection, new byte[] {1});
                return null;
            });

            String reason = owner.closed.poll(10, TimeUnit.SECONDS);
            assertNotNull(reason, "owner not told of the lost message");
            assertTrue(reason.startsWith("data message lost"), reason);
            assertEquals(new Cls(7, 8), stalling.expect(Cls.class));
        } finally {
            quickImp.close();
        }
    }

    @Test
    void unansweredClsTimesOut() throws Exception {
        Connection connection = openReceive(4, 5, 8);

        long start = System.nanoTime();
        CompletableFuture<Void> closing = onLoop(() -> engine.close(connection));
        peer.expect(Cls.class);

        closing.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900),
                "closed before the close timeout");
        assertFalse(onLoop(() -> engine.hasConnection(4)));
    }

    @Test
    void reopenOfOpenConnectionClosesOldOne() throws Exception {
        Connection old = openSend(7, 8, 8, 9);

        peer.send(new Rts(8, 7, 10));

        assertNotNull(owner.closed.poll(5, TimeUnit.SECONDS), "old connection not closed");
        Connection fresh = onLoop(() -> engine.open(owner, 7, 2, 8, 8, TIMEOUT))
                .get(5, TimeUnit.SECONDS);
        assertEquals(10, fresh.link());
        assertFalse(old == fresh);
    }

    @Test
    void hostDeadClosesConnections() throws Exception {
        openReceive(4, 5, 8);

        peer.close();

        String reason = owner.closed.poll(10, TimeUnit.SECONDS);
        assertNotNull(reason, "owner not told that the host died");
        assertTrue(reason.startsWith("host dead"), reason);
    }

    @Test
    void openWithSameGenderRejected() throws Exception {
        CompletableFuture<Connection> opening = onLoop(() -> engine.open(owner, 4, 2, 6, 8, TIMEOUT));

        assertEquals(NcpException.Code.BAD_REQUEST, failure(opening).code());
    }

    @Test
    void secondConnectionOnSocketRejected() throws Exception {
        openReceive(4, 5, 8);

        CompletableFuture<Connection> opening = onLoop(() -> engine.open(owner, 4, 2, 7, 8, TIMEOUT));

        assertEquals(NcpException.Code.SOCKET_IN_USE, failure(opening).code());
    }

    // ---------------------------------------------------------------- helpers

    private Connection openReceive(long localSocket, long foreignSocket, int byteSize)
            throws Exception {
        CompletableFuture<Connection> opening = onLoop(() ->
                engine.open(owner, localSocket, 2, foreignSocket, byteSize, TIMEOUT));
        Rts rts = peer.expect(Rts.class);
        peer.send(new Str(foreignSocket, localSocket, byteSize));
        Connection connection = opening.get(5, TimeUnit.SECONDS);
        assertEquals(rts.link(), peer.expect(All.class).link());
        return connection;
    }

    private Connection openSend(long localSocket, long foreignSocket, int byteSize, int link)
            throws Exception {
        CompletableFuture<Connection> opening = onLoop(() ->
                engine.open(owner, localSocket, 2, foreignSocket, byteSize, TIMEOUT));
        peer.expect(Str.class);
        peer.send(new Rts(foreignSocket, localSocket, link));
        return opening.get(5, TimeUnit.SECONDS);
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private static NcpException failure(CompletableFuture<?> future) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(NcpException.class, thrown.getCause());
    }
}
