package org.rfc644.ncp.link;

import java.io.IOException;

/** The destination host of a message is dead or cannot be reached. */
public class HostDeadException extends IOException {

    private final int host;

    public HostDeadException(int host, String reason) {
        super("host " + host + " dead: " + reason);
        this.host = host;
    }

    public int host() {
        return host;
    }
}
