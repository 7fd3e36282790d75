package org.rfc644.ncp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Valid control commands with random fields, for round trips. */
final class RandomCommands {

    private final Random random;

    RandomCommands(Random random) {
        this.random = random;
    }

    ControlCommand next() {
        return switch (random.nextInt(14)) {
            case 0 -> new Nop();
            case 1 -> new Rts(receiveSocket(), sendSocket(), link());
            case 2 -> new Str(sendSocket(), receiveSocket(), 1 + random.nextInt(255));
            case 3 -> random.nextBoolean()
                    ? new Cls(receiveSocket(), sendSocket())
                    : new Cls(sendSocket(), receiveSocket());
            case 4 -> new All(link(), random.nextInt(1 << 16), u32());
            case 5 -> new Gvb(link(), random.nextInt(256), random.nextInt(256));
            case 6 -> new Ret(link(), random.nextInt(1 << 16), u32());
            case 7 -> new Inr(link());
            case 8 -> new Ins(link());
            case 9 -> new Eco(random.nextInt(256));
            case 10 -> new Erp(random.nextInt(256));
            case 11 -> new Err(ErrorCode.values()[random.nextInt(ErrorCode.values().length)],
                    octets(Err.DATA_OCTETS));
            case 12 -> new Rst();
            default -> new Rrp();
        };
    }

    List<ControlCommand> list(int size) {
        List<ControlCommand> commands = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            commands.add(next());
        }
        return commands;
    }

    private long u32() {
        return random.nextLong() & 0xFFFF_FFFFL;
    }

    private long receiveSocket() {
        return u32() & ~1L;
    }

    private long sendSocket() {
        return u32() | 1L;
    }

    private int link() {
        return 2 + random.nextInt(70);
    }

    private byte[] octets(int length) {
        byte[] octets = new byte[length];
        random.nextBytes(octets);
        return octets;
    }
}
