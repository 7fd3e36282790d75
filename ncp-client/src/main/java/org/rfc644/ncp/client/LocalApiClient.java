package org.rfc644.ncp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.rfc644.ncp.local.AcceptRequest;
import org.rfc644.ncp.local.AllocateRequest;
import org.rfc644.ncp.local.CloseRequest;
import org.rfc644.ncp.local.ClosedFrame;
import org.rfc644.ncp.local.ConnectionDescription;
import org.rfc644.ncp.local.DataFrame;
import org.rfc644.ncp.local.ErrorFrame;
import org.rfc644.ncp.local.FrameType;
import org.rfc644.ncp.local.HostsRequest;
import org.rfc644.ncp.local.InterruptRequest;
import org.rfc644.ncp.local.InterruptedFrame;
import org.rfc644.ncp.local.ListenRequest;
import org.rfc644.ncp.local.LocalApiFrameDecoder;
import org.rfc644.ncp.local.LocalApiFrameEncoder;
import org.rfc644.ncp.local.LocalApiFrameSizeEstimator;
import org.rfc644.ncp.local.LocalApiRequest;
import org.rfc644.ncp.local.OkFrame;
import org.rfc644.ncp.local.OpenRequest;
import org.rfc644.ncp.local.PingRequest;
import org.rfc644.ncp.local.ReleaseRequest;
import org.rfc644.ncp.local.SendFrame;
import org.rfc644.ncp.local.StatusRequest;
import org.rfc644.ncp.local.WelcomeFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session with the local NCP daemon over its Unix domain socket (Netty epoll), behind the
 * blocking {@link NcpClient} interface.
 *
 * <p>Each request gets an id and a {@link PendingRequest} that the event loop completes with the
 * daemon's OK or ERROR. DATA frames go to the receive buffer of their connection. When a buffer
 * contains {@link ReceiveBuffer#LIMIT} octets the session stops reading its socket (auto-read off)
 * until the program reads that buffer down, so a slow reader keeps the client's memory bounded
 * and, through the daemon's allocations, slows the foreign sender.
 *
 * <p>NOTE: while reading is paused, replies to requests wait in the socket too. A program that
 * leaves a receive connection unread and waits for a reply (a CLOSE of another connection, say)
 * waits until that request times out. Closing the unread connection drops its buffer and
 * resumes reading.
 */
final class LocalApiClient implements NcpClient {

    private static final Logger log = LoggerFactory.getLogger(LocalApiClient.class);

    /** Wait for the socket connection and the daemon's WELCOME. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Wait for the reply to a request that the daemon replies to at once. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** Added to a request's own timeout (PING, OPEN, ACCEPT) to let the daemon's reply travel. */
    static final Duration REPLY_MARGIN = Duration.ofSeconds(5);

    /**
     * Wait for the reply to CLOSE, which the daemon sends once the foreign CLS arrives or its own
     * CLS timeout expires. NOTE: this must exceed the daemon's CLS timeout.
     */
    static final Duration CLOSE_REPLY_TIMEOUT = Duration.ofSeconds(90);

    /** Octets queued for the socket above which writers wait, and below which they go on. */
    private static final WriteBufferWaterMark WRITE_WATER_MARK =
            new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final Path socketPath;
    private final AtomicInteger nextRequestId = new AtomicInteger();
    private final Map<Integer, PendingRequest<?>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, ClientConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, ClientListener> listeners = new ConcurrentHashMap<>();
    private final Set<Integer> fullBuffers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock writability = new ReentrantLock();
    private final Condition writable = writability.newCondition();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<WelcomeFrame> welcome = new CompletableFuture<>();

    private volatile Channel channel;
    private volatile WelcomeFrame welcomeFrame;
    private volatile IOException sessionFailure;

    private LocalApiClient(Path socketPath) {
        this.socketPath = socketPath;
    }

    /** Connects to the daemon at {@code socketPath} and waits for its WELCOME. */
    static LocalApiClient connect(Path socketPath) throws IOException {
        LocalApiClient client = new LocalApiClient(socketPath);
        client.start();
        return client;
    }

    private void start() throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("Netty's native epoll transport is not available, so the NCP "
                    + "daemon's Unix socket cannot be used: " + Epoll.unavailabilityCause());
        }

        if (!Files.exists(socketPath)) {
            throw new NoSuchFileException(socketPath.toString(), null,
                    "no NCP daemon socket here (is ncp-daemon running with --socket " + socketPath + "?)");
        }

        Bootstrap bootstrap = new Bootstrap()
                .group(EventLoops.GROUP)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_WATER_MARK)
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, LocalApiFrameSizeEstimator.INSTANCE)
                .handler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        channel.pipeline().addLast(
                                new LocalApiFrameDecoder(FrameType.Sender.DAEMON),
                                new LocalApiFrameEncoder(),
                                new ClientSessionHandler(LocalApiClient.this));
                    }
                });

        ChannelFuture connected = bootstrap.connect(new DomainSocketAddress(socketPath.toFile()));
        try {
            if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                connected.channel().close();
                throw new NcpException(NcpException.Code.TIMEOUT, "connecting to the NCP daemon at "
                        + socketPath + " timed out after " + CONNECT_TIMEOUT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            connected.channel().close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + socketPath);
        }
        if (!connected.isSuccess()) {
            throw new IOException("cannot connect to the NCP daemon at " + socketPath + ": "
                    + describe(connected.cause()) + " (is ncp-daemon running with --socket "
                    + socketPath + "?)", connected.cause());
        }
        channel = connected.channel();

        try {
            welcomeFrame = awaitWelcome();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        log.debug("session with the NCP daemon at {} started: host {} ({}), uid {}", socketPath,
                welcomeFrame.hostName(), welcomeFrame.hostNumber(), welcomeFrame.uid());
    }

    @Override
    public HostEntry localHost() {
        return new HostEntry(welcomeFrame.hostNumber(), welcomeFrame.hostName());
    }

    /** Returns the uid that the kernel reported to the daemon for this session. */
    int uid() {
        return welcomeFrame.uid();
    }

    @Override
    public List<HostEntry> hosts() throws IOException {
        return call("HOSTS", HostsRequest::new, OkFrame::readHosts, REPLY_TIMEOUT);
    }

    @Override
    public Duration ping(String host, Duration timeout) throws IOException {
        long micros = call("PING " + host, id -> new PingRequest(id, host, millis(timeout)),
                OkFrame::readU32, timeout.plus(REPLY_MARGIN));
        return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    @Override
    public NcpConnection open(int localSocket, String foreignHost, int foreignSocket, int byteSize,
                              Duration timeout) throws IOException {
        String description = "OPEN from socket " + Integer.toUnsignedString(localSocket) + " to "
                + foreignHost + " socket " + Integer.toUnsignedString(foreignSocket);
        return call(description, id -> new OpenRequest(id, localSocket, foreignHost, foreignSocket,
                        byteSize, millis(timeout)),
                this::registerConnection, this::abandon, timeout.plus(REPLY_MARGIN));
    }

    @Override
    public NcpListener listen(int localSocket, int byteSize) throws IOException {
        String description = "LISTEN on socket " + Integer.toUnsignedString(localSocket);
        return call(description, id -> new ListenRequest(id, localSocket, byteSize), ok -> {
            ClientListener listener = new ClientListener(this, (int) ok.readU32(), localSocket);
            listeners.put(listener.handle(), listener);
            return listener;
        }, this::abandon, REPLY_TIMEOUT);
    }

    NcpConnection accept(ClientListener listener, Duration timeout) throws IOException {
        String description = "ACCEPT on socket " + Integer.toUnsignedString(listener.localSocket());
        return call(description, id -> new AcceptRequest(id, listener.handle(), millis(timeout)),
                this::registerConnection, this::abandon, timeout.plus(REPLY_MARGIN));
    }

    @Override
    public int allocate(int count) throws IOException {
        long first = call("ALLOCATE of " + count + " sockets", id -> new AllocateRequest(id, count),
                OkFrame::readU32, REPLY_TIMEOUT);
        return (int) first;
    }

    @Override
    public void release(int localSocket) throws IOException {
        call("RELEASE of socket " + Integer.toUnsignedString(localSocket),
                id -> new ReleaseRequest(id, localSocket), ok -> ok, REPLY_TIMEOUT);
    }

    @Override
    public List<ConnectionStatus> status() throws IOException {
        return call("STATUS", StatusRequest::new, OkFrame::readStatus, REPLY_TIMEOUT);
    }

    void interrupt(ClientConnection connection) throws IOException {
        call("INTERRUPT on socket " + Integer.toUnsignedString(connection.localSocket()),
                id -> new InterruptRequest(id, connection.handle()), ok -> ok, REPLY_TIMEOUT);
    }

    /**
     * Sends CLOSE for a connection or listener and waits for the OK. An ERROR with code
     * {@code CLOSED} means the foreign host closed it first, which completes the close too.
     */
    void closeHandle(int handle, String description) throws IOException {
        try {
            call(description, id -> new CloseRequest(id, handle), ok -> ok, CLOSE_REPLY_TIMEOUT);
        } catch (NcpException e) {
            if (e.code() != NcpException.Code.CLOSED) {
                throw e;
            }
        }
    }

    /**
     * Hands a SEND frame to the socket, after waiting while more than the write water mark is
     * queued: that queue grows when the daemon stops reading because the foreign host's
     * allocation holds the data back.
     *
     * @param timeoutNanos how long to wait for room; zero waits without limit
     */
    void send(int handle, byte[] data, long timeoutNanos) throws IOException {
        awaitWritable(timeoutNanos);
        channel.writeAndFlush(new SendFrame(handle, data)).addListener(written -> {
            if (!written.isSuccess()) {
                log.warn("writing SEND for handle {} to the NCP daemon at {} failed", handle,
                        socketPath, written.cause());
            }
        });
    }

    @Override
    public void close() throws IOException {
        if (closing.getAndSet(true)) {
            return;
        }

        IOException first = null;
        for (ClientConnection connection : new ArrayList<>(connections.values())) {
            first = closeQuietly(connection, connection.toString(), first);
        }
        for (ClientListener listener : new ArrayList<>(listeners.values())) {
            first = closeQuietly(listener, "listener on socket " + listener.localSocket(), first);
        }

        Channel open = channel;
        if (open != null) {
            open.close().awaitUninterruptibly(CONNECT_TIMEOUT.toMillis());
        }
        log.debug("session with the NCP daemon at {} closed", socketPath);
        if (first != null) {
            throw first;
        }
    }

    private WelcomeFrame awaitWelcome() throws IOException {
        try {
            return welcome.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NcpException(NcpException.Code.TIMEOUT, "the NCP daemon at " + socketPath
                    + " sent no WELCOME within " + CONNECT_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("the NCP daemon at " + socketPath + " ended the session: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for WELCOME");
        }
    }

    private <T> T call(String description, IntFunction<LocalApiRequest> request,
                       Function<OkFrame, T> parser, Duration wait) throws IOException {
        return call(description, request, parser, ignored -> { }, wait);
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @param parser reads the OK payload on the event loop
     * @param onAbandoned undoes the result of an OK that arrives after the wait timed out
     */
    private <T> T call(String description, IntFunction<LocalApiRequest> request,
                       Function<OkFrame, T> parser, Consumer<T> onAbandoned, Duration wait)
            throws IOException {
        checkSession();

        int id = nextRequestId();
        PendingRequest<T> reply = new PendingRequest<>(description, parser, onAbandoned);
        pending.put(id, reply);
        channel.writeAndFlush(request.apply(id)).addListener(written -> {
            if (!written.isSuccess() && pending.remove(id) != null) {
                reply.fail(new IOException("sending " + description + " to the NCP daemon at "
                        + socketPath + " failed: " + written.cause().getMessage(), written.cause()));
            }
        });
        // A reply that never comes leaves its entry here; the daemon replies to every request.
        return reply.await(wait);
    }

    /** Returns the next request id; 0 is skipped because ERROR uses it for session errors. */
    private int nextRequestId() {
        int id;
        do {
            id = nextRequestId.incrementAndGet();
        } while (id == 0);
        return id;
    }

    private ClientConnection registerConnection(OkFrame ok) {
        ConnectionDescription description = ok.readConnection();
        ClientConnection connection = new ClientConnection(this, description);
        connections.put(description.handle(), connection);
        return connection;
    }

    /** Closes a connection or listener whose OPEN, ACCEPT or LISTEN timed out on this side. */
    private void abandon(AutoCloseable late) {
        log.warn("the NCP daemon at {} replied after the wait timed out; closing {}", socketPath, late);
        // Not on the event loop: close() waits for a reply that the event loop delivers.
        CompletableFuture.runAsync(() -> {
            try {
                late.close();
            } catch (Exception e) {
                log.warn("closing {} failed", late, e);
            }
        });
    }

    void forget(ClientConnection connection) {
        connections.remove(connection.handle(), connection);
        resumeReading(connection.handle());
    }

    void forget(ClientListener listener) {
        listeners.remove(listener.handle(), listener);
    }

    /** Lets the socket be read again once no receive buffer is full. */
    void resumeReading(int handle) {
        if (fullBuffers.remove(handle) && fullBuffers.isEmpty()) {
            channel.eventLoop().execute(() -> {
                if (fullBuffers.isEmpty()) {
                    channel.config().setAutoRead(true);
                }
            });
        }
    }

    private void awaitWritable(long timeoutNanos) throws IOException {
        writability.lock();
        try {
            long remaining = timeoutNanos;
            while (!channel.isWritable()) {
                checkSession();
                if (timeoutNanos == 0) {
                    writable.await(1, TimeUnit.SECONDS);
                    continue;
                }
                if (remaining <= 0) {
                    throw new SocketTimeoutException("the NCP daemon took no data within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                remaining = writable.awaitNanos(remaining);
            }
            checkSession();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        } finally {
            writability.unlock();
        }
    }

    private void checkSession() throws IOException {
        IOException failure = sessionFailure;
        if (failure != null) {
            throw new NcpException(NcpException.Code.CLOSED, failure.getMessage());
        }
    }

    private static IOException closeQuietly(AutoCloseable closeable, String what, IOException first) {
        try {
            closeable.close();
            return first;
        } catch (Exception e) {
            log.warn("closing {} at the end of the session failed: {}", what, e.getMessage());
            if (first != null) {
                return first;
            }
            return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    private static long millis(Duration timeout) {
        return Math.max(0, Math.min(timeout.toMillis(), 0xFFFF_FFFFL));
    }

    // Called by ClientSessionHandler on the event loop.

    void welcomeArrived(WelcomeFrame frame) {
        welcome.complete(frame);
    }

    void okArrived(OkFrame ok) {
        PendingRequest<?> reply = pending.remove(ok.requestId());
        if (reply == null) {
            log.warn("the NCP daemon at {} sent OK for request {}, which is not waiting", socketPath,
                    Integer.toUnsignedString(ok.requestId()));
            return;
        }
        reply.succeed(ok);
    }

    void errorArrived(ErrorFrame error) {
        if (error.requestId() == 0) {
            log.warn("the NCP daemon at {} ended the session: {} {}", socketPath, error.code(),
                    error.message());
            sessionFailure = error.toException();
            channel.close();
            return;
        }
        PendingRequest<?> reply = pending.remove(error.requestId());
        if (reply == null) {
            log.warn("the NCP daemon at {} sent ERROR for request {}, which is not waiting: {}",
                    socketPath, Integer.toUnsignedString(error.requestId()), error.message());
            return;
        }
        reply.fail(error.toException());
    }

    void dataArrived(DataFrame data) {
        ClientConnection connection = connections.get(data.handle());
        if (connection == null) {
            log.debug("dropped {} octets of DATA for handle {}, which is closed", data.data().length,
                    data.handle());
            return;
        }
        if (connection.dataArrived(data.data())) {
            fullBuffers.add(data.handle());
            channel.config().setAutoRead(false);
        }
    }

    void interruptArrived(InterruptedFrame interrupted) {
        ClientConnection connection = connections.get(interrupted.handle());
        if (connection != null) {
            connection.interruptArrived();
        }
    }

    void closedArrived(ClosedFrame closed) {
        ClientConnection connection = connections.remove(closed.handle());
        if (connection != null) {
            log.debug("{} closed by the daemon: {}", connection, closed.reason());
            connection.closedByDaemon(closed.reason());
            resumeReading(closed.handle());
        }
    }

    void writabilityChanged() {
        writability.lock();
        try {
            writable.signalAll();
        } finally {
            writability.unlock();
        }
    }

    /** Fails every waiting request and every connection once the socket is closed. */
    void sessionEnded(Throwable cause) {
        IOException failure = sessionFailure;
        if (failure == null) {
            String reason = cause == null ? "the NCP daemon closed the session"
                    : "the session with the NCP daemon failed: " + cause.getMessage();
            failure = new NcpException(NcpException.Code.CLOSED, reason);
            sessionFailure = failure;
        }
        if (!closing.get()) {
            log.debug("session with the NCP daemon at {} ended: {}", socketPath, failure.getMessage());
        }

        welcome.completeExceptionally(failure);
        for (Integer id : new ArrayList<>(pending.keySet())) {
            PendingRequest<?> reply = pending.remove(id);
            if (reply != null) {
                reply.fail(failure);
            }
        }
        for (ClientConnection connection : connections.values()) {
            connection.sessionEnded(failure);
        }
        writabilityChanged();
    }

    /** The event loop shared by every session of this process; its thread does not keep the JVM up. */
    private static final class EventLoops {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("ncp-client", true), EpollIoHandler.newFactory());
    }
}
