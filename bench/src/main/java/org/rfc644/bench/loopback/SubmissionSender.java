package org.rfc644.bench.loopback;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.rfc644.mailer.submission.AcceptedReply;
import org.rfc644.mailer.submission.SubmissionCodec;
import org.rfc644.mailer.submission.SubmissionFrame;
import org.rfc644.mailer.submission.SubmitRequest;

/**
 * Submits each message to the mailer as sndmsg does: a new connection to the submission socket,
 * SUBMIT, and ACCEPTED once the mailer has the message on disk.
 */
final class SubmissionSender implements MailSender {

    private final EventLoops loops;
    private final Path submitSocket;
    private final List<String> recipients;
    private final Duration timeout;

    SubmissionSender(EventLoops loops, Path submitSocket, String recipient, Duration timeout) {
        this.loops = loops;
        this.submitSocket = submitSocket;
        this.recipients = List.of(recipient);
        this.timeout = timeout;
    }

    @Override
    public void send(byte[] message) throws IOException {
        try (BlockingChannel channel = BlockingChannel.connectUnix(loops, submitSocket,
                SubmissionSender::framing, timeout)) {
            ByteBuf frame = Unpooled.buffer(message.length + 64);
            SubmissionCodec.encode(new SubmitRequest(recipients, message), frame);
            channel.send(frame);

            byte[] reply = (byte[]) channel.receive(timeout);
            SubmissionFrame decoded = SubmissionCodec.decode(Unpooled.wrappedBuffer(reply));
            if (!(decoded instanceof AcceptedReply)) {
                throw new IOException("the mailer did not accept the message: " + decoded);
            }
        }
    }

    private static ChannelHandler[] framing() {
        return new ChannelHandler[] {
            new LengthFieldBasedFrameDecoder(SubmissionCodec.MAX_FRAME_OCTETS, 0,
                    SubmissionCodec.LENGTH_FIELD_OCTETS, 0, SubmissionCodec.LENGTH_FIELD_OCTETS),
            new LengthFieldPrepender(SubmissionCodec.LENGTH_FIELD_OCTETS)
        };
    }
}
