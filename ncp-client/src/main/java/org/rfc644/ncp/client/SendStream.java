package org.rfc644.ncp.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.rfc644.ncp.local.SendFrame;

/**
 * The output of a send connection. Octets collect here and leave in SEND frames, each a whole
 * number of NCP bytes of {@code ceil(byteSize / 8)} octets, when the buffer fills, on
 * {@link #flush()} and on {@link #close()}.
 */
final class SendStream extends OutputStream {

    private final ClientConnection connection;
    private final int octetsPerByte;
    private final byte[] buffer;
    private int count;

    SendStream(ClientConnection connection, int octetsPerByte) {
        this.connection = connection;
        this.octetsPerByte = octetsPerByte;
        this.buffer = new byte[SendFrame.MAX_DATA - SendFrame.MAX_DATA % octetsPerByte];
    }

    @Override
    public synchronized void write(int octet) throws IOException {
        if (count == buffer.length) {
            sendWholeBytes();
        }
        buffer[count++] = (byte) octet;
    }

    @Override
    public synchronized void write(byte[] source, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, source.length);
        while (length > 0) {
            if (count == buffer.length) {
                sendWholeBytes();
            }
            int piece = Math.min(length, buffer.length - count);
            System.arraycopy(source, offset, buffer, count, piece);
            count += piece;
            offset += piece;
            length -= piece;
        }
    }

    /**
     * Sends every whole NCP byte written so far. The octets of an unfinished NCP byte stay here
     * until the rest of it is written.
     */
    @Override
    public synchronized void flush() throws IOException {
        sendWholeBytes();
    }

    /** Sends what is written and closes the connection, as {@link java.net.Socket}'s streams do. */
    @Override
    public void close() throws IOException {
        connection.close();
    }

    /**
     * Sends what is buffered before the connection closes.
     *
     * @throws IOException when octets of an unfinished NCP byte remain; they are dropped
     */
    synchronized void flushForClose() throws IOException {
        sendWholeBytes();
        if (count > 0) {
            int left = count;
            count = 0;
            throw new IOException(left + " octets written at the end of the connection on socket "
                    + connection.localSocket() + " do not make a whole NCP byte of size "
                    + connection.byteSize() + " (" + octetsPerByte + " octets each); they were not sent");
        }
    }

    private void sendWholeBytes() throws IOException {
        int whole = count - count % octetsPerByte;
        if (whole == 0) {
            return;
        }
        byte[] chunk = new byte[whole];
        System.arraycopy(buffer, 0, chunk, 0, whole);
        System.arraycopy(buffer, whole, buffer, 0, count - whole);
        count -= whole;
        connection.send(chunk);
    }
}
