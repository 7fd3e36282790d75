package org.rfc644.mailer.submission;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.rfc644.mailer.FileErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer's submission socket: a Unix domain socket with mode 0666, so that every local user
 * can submit. Who submits is decided by the kernel's peer credentials, not by file modes.
 */
public final class SubmissionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionServer.class);

    private final Path socketPath;
    private final EventLoopGroup group;
    private final ExecutorService spoolExecutor;
    private final Channel serverChannel;

    private SubmissionServer(Path socketPath, EventLoopGroup group, ExecutorService spoolExecutor,
                             Channel serverChannel) {
        this.socketPath = socketPath;
        this.group = group;
        this.spoolExecutor = spoolExecutor;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code socketPath}, replacing a socket file that a previous run left, and serves
     * submissions with {@code acceptor}.
     */
    public static SubmissionServer start(Path socketPath, SubmissionAcceptor acceptor)
            throws IOException {
        try {
            Files.createDirectories(socketPath.toAbsolutePath().getParent());
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            throw new IOException("cannot create the submission socket " + socketPath + ": "
                    + FileErrors.describe(e) + "; give --submit-socket a path in a directory"
                    + " that the mailer's user may write", e);
        }

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        // Submissions are written to the spool one at a time: the spool serializes them anyway.
        ExecutorService spoolExecutor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "submission-spool");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel child) {
                            child.pipeline().addLast(
                                    SubmissionFrameCodec.newFrameDecoder(),
                                    SubmissionFrameCodec.newLengthPrepender(),
                                    new SubmissionFrameCodec(),
                                    new SubmissionHandler(acceptor, spoolExecutor));
                        }
                    })
                    .bind(new DomainSocketAddress(socketPath.toString()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw-rw-"));
            LOG.info("submission socket {} listening", socketPath);
            return new SubmissionServer(socketPath, group, spoolExecutor, channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            spoolExecutor.shutdownNow();
            throw new IOException("interrupted while binding " + socketPath, e);
        } catch (IOException e) {
            group.shutdownGracefully();
            spoolExecutor.shutdownNow();
            throw new IOException("cannot listen on the submission socket " + socketPath + ": "
                    + FileErrors.describe(e), e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            spoolExecutor.shutdownNow();
            throw e;
        }
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Stops accepting submissions, lets the one being spooled finish and removes the socket. */
    @Override
    public void close() throws IOException {
        serverChannel.close().syncUninterruptibly();
        spoolExecutor.shutdown();
        group.shutdownGracefully().syncUninterruptibly();
        Files.deleteIfExists(socketPath);
        LOG.info("submission socket {} closed", socketPath);
    }
}
