package org.rfc644.ncp.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rfc644.ncp.client.ConnectionStatus;

/** Cuts a STATUS reply down to what one OK frame can carry. */
final class StatusLimit {

    /** Octets of one entry besides its two strings: u32, u16, u32, u8, u16, u32, u64, u64. */
    private static final int FIXED_ENTRY_OCTETS = 4 + 2 + 4 + 1 + 2 + 4 + 8 + 8;

    private StatusLimit() {
    }

    /**
     * Returns the first entries of {@code entries} that fit in an OK payload with their u16
     * count. NOTE: a daemon with more connections than that shows only the first ones.
     */
    static List<ConnectionStatus> fitting(List<ConnectionStatus> entries) {
        List<ConnectionStatus> result = new ArrayList<>();
        int octets = 2;
        for (ConnectionStatus entry : entries) {
            octets += FIXED_ENTRY_OCTETS
                    + entry.foreignHost().getBytes(StandardCharsets.UTF_8).length
                    + entry.state().getBytes(StandardCharsets.UTF_8).length;
            if (octets > OkFrame.MAX_PAYLOAD || result.size() == 0xFFFF) {
                break;
            }
            result.add(entry);
        }
        return result;
    }
}
