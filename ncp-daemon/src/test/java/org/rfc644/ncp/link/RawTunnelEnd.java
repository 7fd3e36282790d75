package org.rfc644.ncp.link;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One end of a tunnel driven by hand with blocking sockets, so a test can see each frame that a
 * {@link TcpImpInterface} sends and send frames that no interface would.
 */
final class RawTunnelEnd implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private RawTunnelEnd(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Connects from {@code localIp} (any port) to {@code remote}. */
    static RawTunnelEnd connect(String localIp, InetSocketAddress remote) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        socket.connect(remote, 5000);
        return new RawTunnelEnd(socket);
    }

    /** Waits for an interface to connect to {@code server}. */
    static RawTunnelEnd accept(ServerSocket server) throws IOException {
        server.setSoTimeout(10_000);
        return new RawTunnelEnd(server.accept());
    }

    /** Returns the frame of a leader alone: a greeting (NOP) or an RFNM. */
    static byte[] leader(int type, int host, int link, int messageId) {
        return new byte[] {(byte) type, (byte) host, (byte) link, (byte) (messageId << 4)};
    }

    void sendFrame(byte[] frame) throws IOException {
        out.writeShort(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Sends a length field and that many octets, whatever the length. */
    void sendRaw(int length, byte[] octets) throws IOException {
        out.writeShort(length);
        out.write(octets);
        out.flush();
    }

    /** Reads the next frame, waiting up to {@code timeoutMillis}; throws SocketTimeoutException. */
    byte[] readFrame(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Returns true when no frame arrives within {@code timeoutMillis}. */
    boolean silentFor(int timeoutMillis) throws IOException {
        try {
            readFrame(timeoutMillis);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** Returns true when the other side closes within {@code timeoutMillis} without sending a frame. */
    boolean closedByPeerWithin(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return "Connection reset".equals(e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
