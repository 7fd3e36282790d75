package org.rfc644.ftpserver.session;

/** The transfer modes of RFC 454 that this server takes for MLFL's data connection. */
enum TransferMode {
    /** S: the file is a stream of bytes, and closing the data connection is the end of file. */
    STREAM("S"),
    /** B: the file is a series of blocks, each with a header, the last one marked EOF. */
    BLOCK("B");

    private final String code;

    TransferMode(String code) {
        this.code = code;
    }

    /** Returns the code of the MODE command: S or B. */
    String code() {
        return code;
    }
}
