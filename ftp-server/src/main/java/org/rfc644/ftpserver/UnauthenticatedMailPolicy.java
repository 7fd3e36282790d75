package org.rfc644.ftpserver;

/** Handling of mail that is NOT AUTHENTICATED. RFC 644 offers both options. */
public enum UnauthenticatedMailPolicy {
    /** Store it, marked NOT AUTHENTICATED with the reason. */
    ACCEPT_AND_MARK,
    /** Refuse it with a 451 reply that states the reason; nothing is stored. */
    REJECT
}
