package org.rfc644.ncp.connection;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A local program for engine tests: records what the engine delivers to it. */
final class RecordingOwner implements ConnectionOwner {

    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final BlockingQueue<Connection> interrupts = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
    volatile boolean ready = true;
    volatile int backlogChanges;

    @Override
    public int uid() {
        return 4242;
    }

    @Override
    public int pid() {
        return 1;
    }

    @Override
    public boolean readyForData() {
        return ready;
    }

    @Override
    public synchronized void dataReceived(Connection connection, byte[] octets) {
        data.writeBytes(octets);
    }

    synchronized byte[] dataSoFar() {
        return data.toByteArray();
    }

    @Override
    public void interruptReceived(Connection connection) {
        interrupts.add(connection);
    }

    @Override
    public void connectionClosed(Connection connection, String reason) {
        closed.add(reason);
    }

    @Override
    public void sendBacklogChanged(Connection connection, boolean overLimit) {
        backlogChanges++;
    }
}
