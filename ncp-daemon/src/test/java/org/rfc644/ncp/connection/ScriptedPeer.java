package org.rfc644.ncp.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rfc644.ncp.hosts.HostTable;
import org.rfc644.ncp.link.ImpListener;
import org.rfc644.ncp.link.TcpImpInterface;
import org.rfc644.ncp.wire.ControlCommand;
import org.rfc644.ncp.wire.ControlCommandDecoder;
import org.rfc644.ncp.wire.ControlCommandEncoder;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;
import org.rfc644.ncp.wire.Leader;
import org.rfc644.ncp.wire.MalformedMessageException;
import org.rfc644.ncp.wire.Rrp;
import org.rfc644.ncp.wire.Rst;

/**
 * A foreign host that a test drives command by command: a real {@link TcpImpInterface} whose
 * received control commands and data messages the test reads, and through which it sends
 * whatever it likes, valid or not. It replies RRP to each RST by itself while {@link #answerResets} is set.
 */
final class ScriptedPeer implements ImpListener, AutoCloseable {

    final TcpImpInterface imp;
    final int engineHost;
    final BlockingQueue<ControlCommand> commands = new LinkedBlockingQueue<>();
    final BlockingQueue<HostMessage> dataMessages = new LinkedBlockingQueue<>();
    volatile boolean answerResets = true;
    /** Delay before a data message is taken, which delays its RFNM. */
    volatile long stallMillis;

    ScriptedPeer(HostTable hosts, int number, int engineHost) throws IOException {
        this.engineHost = engineHost;
        this.imp = new TcpImpInterface(hosts, number);
        imp.start(this);
    }

    @Override
    public void messageReceived(byte[] octets) {
        HostMessage message;
        try {
            message = HostMessageCodec.decode(octets);
        } catch (MalformedMessageException e) {
            throw new AssertionError("the engine sent a malformed message: " + e.getMessage());
        }
        if (!message.isControl()) {
            dataMessages.add(message);
            stall();
            return;
        }
        for (ControlCommand command : ControlCommandDecoder.decode(message.text()).commands()) {
            if (answerResets && command instanceof Rst) {
                // Called on the interface's only I/O thread, so waiting for the RFNM would block it.
                byte[] text = ControlCommandEncoder.encode(new Rrp());
                imp.send(HostMessageCodec.encode(HostMessage.control(engineHost, text)));
            } else if (!(answerResets && command instanceof Rrp)) {
                commands.add(command);
            }
        }
    }

    private void stall() {
        try {
            Thread.sleep(stallMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void hostUp(int host) {
    }

    @Override
    public void hostDead(int host, String reason) {
    }

    /** Sends {@code commands} to the engine in one control message. */
    void send(ControlCommand... commands) {
        for (HostMessage message : ControlCommandEncoder.encodeMessages(engineHost, List.of(commands))) {
            imp.send(HostMessageCodec.encode(message)).join();
        }
    }

    /** Sends a control message whose text is {@code text}, valid or not. */
    void sendControlText(byte[] text) {
        imp.send(HostMessageCodec.encode(HostMessage.control(engineHost, text))).join();
    }

    /** Sends a data message on {@code link} with program octets {@code text}. */
    void sendData(int link, int byteSize, byte[] text) {
        HostMessage message = HostMessage.of(new Leader(Leader.REGULAR, engineHost, link),
                byteSize, text);
        imp.send(HostMessageCodec.encode(message)).join();
    }

    /** Returns the next control command from the engine, which must be a {@code type}. */
    <T extends ControlCommand> T expect(Class<T> type) throws InterruptedException {
        ControlCommand command = commands.poll(10, TimeUnit.SECONDS);
        assertNotNull(command, "no " + type.getSimpleName() + " from the engine within 10 s");
        return assertInstanceOf(type, command);
    }

    /** Asserts that the engine sends no control command within {@code millis}. */
    void expectSilence(long millis) throws InterruptedException {
        ControlCommand command = commands.poll(millis, TimeUnit.MILLISECONDS);
        assertEquals(null, command, "unexpected command from the engine");
    }

    HostMessage expectData() throws InterruptedException {
        HostMessage message = dataMessages.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "no data message from the engine within 10 s");
        return message;
    }

    @Override
    public void close() {
        imp.close();
    }
}
