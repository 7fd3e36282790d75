package org.rfc644.mail.format;

/** The header field that carries a message's signature. */
public enum SignatureField {

    /** RFC 822's From, for a message that was not resent. */
    FROM("From"),

    /** RFC 822's Resent-From, added on top by the newest resender. */
    RESENT_FROM("Resent-From"),

    /** RFC 733's Redistributed-By, which RFC 822 replaced with Resent-From. */
    REDISTRIBUTED_BY("Redistributed-By");

    private final String fieldName;

    SignatureField(String fieldName) {
        this.fieldName = fieldName;
    }

    /** Returns the field name as RFC 733 or RFC 822 spells it. */
    public String fieldName() {
        return fieldName;
    }
}
