package org.rfc644.ncp.connection;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletionException;
import org.rfc644.ncp.link.HostDeadException;
import org.rfc644.ncp.link.ImpInterface;
import org.rfc644.ncp.wire.All;
import org.rfc644.ncp.wire.Err;
import org.rfc644.ncp.wire.ErrorCode;
import org.rfc644.ncp.wire.HostMessage;
import org.rfc644.ncp.wire.HostMessageCodec;
import org.rfc644.ncp.wire.Leader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data messages of the engine's connections and their flow control. The sending side keeps to
 * the allocation that the receiving side gave with ALL. The receiving side allocates only the
 * room it has to buffer data for the local reader.
 */
final class DataTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(DataTransfer.class);

    private final NcpEngine engine;
    private final EventLoop loop;
    private final ImpInterface imp;
    private final EngineConfig config;
    private final ControlSender control;

    DataTransfer(NcpEngine engine, EventLoop loop, ImpInterface imp, EngineConfig config,
                 ControlSender control) {
        this.engine = engine;
        this.loop = loop;
        this.imp = imp;
        this.config = config;
        this.control = control;
    }

    /**
     * Sends the next message of unsent data. NIC 8246: the sender never lets its message or bit
     * counter go below zero. One message per link is in transit at a time, as the IMP enforces.
     */
    void transmitData(Connection connection) {
        if (connection.messageInTransit || connection.unsent.isEmpty()
                || connection.messageSpace < 1) {
            return;
        }
        int octetsPerByte = connection.octetsPerByte();
        long queuedBytes = connection.unsent.size() / octetsPerByte;
        long allowedBytes = Math.min(connection.bitSpace / connection.byteSize,
                HostMessageCodec.maxBytes(connection.byteSize));
        int count = (int) Math.min(queuedBytes, allowedBytes);
        if (count < 1) {
            return;
        }

        byte[] text = connection.unsent.take(count * octetsPerByte);
        connection.messageSpace--;
        connection.bitSpace -= (long) count * connection.byteSize;
        connection.bytesOut += count;
        connection.messageInTransit = true;
        HostMessage message = new HostMessage(
                new Leader(Leader.REGULAR, connection.foreignHost(), connection.link),
                connection.byteSize, count, text);
        imp.send(HostMessageCodec.encode(message)).whenCompleteAsync(
                (ignored, failure) -> dataDelivered(connection, failure), loop);

        if (connection.overBacklog && connection.unsent.size() <= config.sendBacklogOctets()) {
            connection.overBacklog = false;
            connection.owner().sendBacklogChanged(connection, false);
        }
    }

    void dataDelivered(Connection connection, Throwable failure) {
        connection.messageInTransit = false;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException
                    ? failure.getCause() : failure;
            if (cause instanceof HostDeadException) {
                engine.declareDead(engine.peer(connection.foreignHost()), cause.getMessage());
                return;
            }
            if (engine.isCurrent(connection) && NcpEngine.isEstablished(connection)) {
                engine.abortAfterLoss(connection, "data message lost: " + cause.getMessage());
            }
            return;
        }
        if (!engine.isCurrent(connection)) {
            return;
        }
        if (connection.foreignClsReceived
                && (connection.state == ConnectionState.OPEN
                        || connection.state == ConnectionState.CLOSING)) {
            engine.finishForeignClose(connection);
            return;
        }
        transmitData(connection);
        engine.sendClsWhenDrained(connection);
    }

    void receiveData(PeerHost peer, HostMessage message, byte[] octets) {
        int link = message.leader().link();
        Connection connection = peer.receiveLinks.get(link);
        if (connection != null && connection.state == ConnectionState.CLS_SENT) {
            // NIC 8246: after its CLS the receiver must still expect input; it is discarded.
            return;
        }

        if (!NcpEngine.isEstablished(connection)) {
            LOG.warn("{} sent a message on link {}, which no open connection uses", peer, link);
            control.send(peer, Err.quoting(ErrorCode.SOCKET_NOT_CONNECTED, octets, 0));
            return;
        }

        // NIC 8246: the byte size S of every message must be that of the STR.
        if (message.byteSize() != connection.byteSize) {
            LOG.warn("{} sent byte size {} on {}, which has byte size {}; message dropped", peer,
                    message.byteSize(), connection.key(), connection.byteSize);
            control.send(peer, Err.quoting(ErrorCode.UNDEFINED, octets, 0));
            return;
        }

        // NIC 8246: the sender may not exceed the message and bit space allocated to it.
        if (connection.messagesAllocated < 1 || connection.bitsAllocated < message.textBits()) {
            LOG.warn("{} exceeded its allocation on {} ({} messages, {} bits left, message of {}"
                    + " bits); message dropped", peer, connection.key(),
                    connection.messagesAllocated, connection.bitsAllocated, message.textBits());
            control.send(peer, Err.quoting(ErrorCode.UNDEFINED, octets, 0));
            return;
        }

        connection.messagesAllocated--;
        connection.bitsAllocated -= message.textBits();
        connection.bytesIn += message.byteCount();
        if (message.byteCount() > 0) {
            connection.undelivered.add(message.sharedText());
            connection.undeliveredBits += message.textBits();
        }
        deliverUndelivered(connection);
    }

    /** Hands buffered data to the owner while it is ready, then allocates the freed space. */
    void deliverUndelivered(Connection connection) {
        while (!connection.undelivered.isEmpty() && connection.owner().readyForData()) {
            byte[] octets = connection.undelivered.poll();
            connection.undeliveredBits -= (long) (octets.length / connection.octetsPerByte())
                    * connection.byteSize;
            connection.owner().dataReceived(connection, octets);
        }
        allocate(connection);
    }

    /** Hands all buffered data to the owner of a connection that the foreign host closed. */
    void flushUndelivered(Connection connection) {
        while (!connection.undelivered.isEmpty()) {
            connection.owner().dataReceived(connection, connection.undelivered.poll());
        }
        connection.undeliveredBits = 0;
    }

    /**
     * Sends ALL for the room this host has to buffer data for the reader: the configured messages
     * and bits less what the sender may still send and what waits undelivered. NIC 8246 keeps
     * the sender's counters below 2^16 messages and 2^32 bits, and the configuration stays below
     * both.
     * ALL goes out when the sender cannot send a byte or when half the buffer is free, so that one
     * delivered message does not cost one ALL.
     */
    void allocate(Connection connection) {
        if (connection.state != ConnectionState.OPEN || !connection.isReceive()) {
            return;
        }
        long capacityBits = Math.max(config.allocationBits(), connection.byteSize);
        int messageRoom = config.allocationMessages() - connection.messagesAllocated
                - connection.undelivered.size();
        long bitRoom = capacityBits - connection.bitsAllocated - connection.undeliveredBits;
        if (messageRoom < 0 || bitRoom < 0) {
            return;
        }

        boolean senderStarved = connection.messagesAllocated == 0
                || connection.bitsAllocated < connection.byteSize;
        boolean senderCanSendAfter = connection.messagesAllocated + messageRoom >= 1
                && connection.bitsAllocated + bitRoom >= connection.byteSize;
        boolean halfFree = bitRoom * 2 >= capacityBits
                || messageRoom * 2 >= config.allocationMessages();
        if ((messageRoom == 0 && bitRoom == 0) || !senderCanSendAfter
                || !(senderStarved || halfFree)) {
            return;
        }

        connection.messagesAllocated += messageRoom;
        connection.bitsAllocated += bitRoom;
        control.send(engine.peer(connection.foreignHost()),
                new All(connection.link, messageRoom, bitRoom));
    }

    void dropUnsent(Connection connection) {
        connection.unsent.clear();
        if (connection.overBacklog) {
            connection.overBacklog = false;
            connection.owner().sendBacklogChanged(connection, false);
        }
    }

    void dropUndelivered(Connection connection) {
        connection.undelivered.clear();
        connection.undeliveredBits = 0;
    }
}
