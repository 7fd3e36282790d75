package org.rfc644.bench.loopback;

import java.io.IOException;

/** Hands one message to a mail system and returns once the system has accepted it. */
interface MailSender {

    void send(byte[] message) throws IOException;
}
