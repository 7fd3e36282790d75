package org.rfc644.bench;

import java.util.Random;
import org.rfc644.ncp.wire.BitText;
import org.rfc644.ncp.wire.HostMessageCodec;

/** Builds the texts of full-size data messages, the largest that an IMP carries. */
final class FullMessages {

    /** Fixed so that every run measures the same octets. */
    private static final long SEED = 644;

    private FullMessages() {
    }

    /**
     * Returns the program octets of {@link HostMessageCodec#maxBytes} random bytes of
     * {@code byteSize} bits, with the unused high bits of each byte zero as the format requires.
     */
    static byte[] randomText(int byteSize) {
        int perByte = BitText.octetsPerByte(byteSize);
        int topBits = byteSize - 8 * (perByte - 1);
        byte[] text = new byte[HostMessageCodec.maxBytes(byteSize) * perByte];
        new Random(SEED).nextBytes(text);

        for (int index = 0; index < text.length; index += perByte) {
            text[index] &= (byte) ((1 << topBits) - 1);
        }
        return text;
    }
}
