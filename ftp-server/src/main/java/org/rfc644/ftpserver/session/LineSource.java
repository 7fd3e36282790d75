package org.rfc644.ftpserver.session;

import java.io.IOException;

/** A reader of one line at a time, such as {@link org.rfc644.ftp.LineReader#readLine}. */
@FunctionalInterface
interface LineSource {

    /** Reads the next line without its end, or returns null at the end of the stream. */
    byte[] readLine(int maxLength) throws IOException;
}
