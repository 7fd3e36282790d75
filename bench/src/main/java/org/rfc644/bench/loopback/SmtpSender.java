package org.rfc644.bench.loopback;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Sends each message over SMTP as smtp-source does without -d: a new connection, EHLO, MAIL,
 * RCPT, DATA, the message, and QUIT, with Netty's SMTP codec. The message counts as accepted at
 * the 250 reply to its final dot. The codec does no dot-stuffing, which the messages of this
 * benchmark do not need: none of their lines starts with a dot.
 */
final class SmtpSender implements MailSender {

    private static final int MAX_REPLY_LINE = 1000;

    private final EventLoops loops;
    private final InetSocketAddress server;
    private final String from;
    private final String recipient;
    private final Duration timeout;

    SmtpSender(EventLoops loops, InetSocketAddress server, String from, String recipient,
               Duration timeout) {
        this.loops = loops;
        this.server = server;
        this.from = from;
        this.recipient = recipient;
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] message) throws IOException {
        try (BlockingChannel channel = BlockingChannel.connectTcp(loops, server,
                SmtpSender::codec, timeout)) {
            expect(channel, "greeting", 220);
            command(channel, SmtpRequests.ehlo("bench.localdomain"), 250);
            command(channel, SmtpRequests.mail(from), 250);
            command(channel, SmtpRequests.rcpt(recipient), 250);
            command(channel, SmtpRequests.data(), 354);
            channel.send(new DefaultLastSmtpContent(Unpooled.wrappedBuffer(message)));
            expect(channel, "end of data", 250);
            command(channel, SmtpRequests.quit(), 221);
        }
    }

    private void command(BlockingChannel channel, SmtpRequest request, int expected)
            throws IOException {
        channel.send(request);
        expect(channel, request.command().name().toString(), expected);
    }

    private void expect(BlockingChannel channel, String after, int expected) throws IOException {
        SmtpResponse reply = (SmtpResponse) channel.receive(timeout);
        if (reply.code() != expected) {
            throw new IOException("expected SMTP reply " + expected + " to " + after + ", got "
                    + reply.code() + " " + reply.details());
        }
    }

    private static ChannelHandler[] codec() {
        return new ChannelHandler[] {
            new SmtpResponseDecoder(MAX_REPLY_LINE),
            new SmtpRequestEncoder()
        };
    }
}
