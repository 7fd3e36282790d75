package org.rfc644.ncp.link;

import java.io.IOException;

/**
 * The IMP's INCOMPLETE TRANSMISSION: a message left the host but no RFNM came back for it in time,
 * so it may or may not have been delivered.
 */
public class IncompleteTransmissionException extends IOException {

    private final int host;
    private final int link;

    public IncompleteTransmissionException(int host, int link, String detail) {
        super("INCOMPLETE TRANSMISSION to host " + host + " on link " + link + ": " + detail);
        this.host = host;
        this.link = link;
    }

    public int host() {
        return host;
    }

    public int link() {
        return link;
    }
}
