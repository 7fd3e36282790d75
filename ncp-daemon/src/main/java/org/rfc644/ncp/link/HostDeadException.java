package org.rfc644.ncp.link;

import java.io.IOException;

/**
 * The destination host of a message is dead or cannot be reached.
 *
 * <p>The message is the reason alone, for example {@code connect to /127.0.0.2:4000 failed:
 * Connection refused}, because callers put it after their own "host ... is dead" wording.
 */
public class HostDeadException extends IOException {

    private final int host;

    public HostDeadException(int host, String reason) {
        super(reason);
        this.host = host;
    }

    public int host() {
        return host;
    }
}
