package org.rfc644.ftpserver.decision;

/** Whether RFC 644's receiver vouches for a message's signature. */
public enum Verdict {
    AUTHENTIC,
    NOT_AUTHENTICATED
}
