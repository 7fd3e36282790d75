package org.rfc644.ncp.link;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An {@link ImpListener} that records every call for a test to wait on. */
final class RecordingListener implements ImpListener {

    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> hostsUp = new LinkedBlockingQueue<>();
    final BlockingQueue<String> hostsDead = new LinkedBlockingQueue<>();

    @Override
    public void messageReceived(byte[] message) {
        messages.add(message);
    }

    @Override
    public void hostUp(int host) {
        hostsUp.add(host);
    }

    @Override
    public void hostDead(int host, String reason) {
        hostsDead.add(host + ": " + reason);
    }

    byte[] nextMessage() throws InterruptedException {
        return messages.poll(5, TimeUnit.SECONDS);
    }

    Integer nextHostUp() throws InterruptedException {
        return hostsUp.poll(10, TimeUnit.SECONDS);
    }

    String nextHostDead() throws InterruptedException {
        return hostsDead.poll(10, TimeUnit.SECONDS);
    }
}
