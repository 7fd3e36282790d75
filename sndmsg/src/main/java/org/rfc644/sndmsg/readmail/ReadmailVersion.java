package org.rfc644.sndmsg.readmail;

import java.io.IOException;
import org.rfc644.sndmsg.SndmsgVersion;
import picocli.CommandLine.IVersionProvider;

/** The version for readmail's {@code --version}: that of the sndmsg jar, which contains readmail. */
final class ReadmailVersion implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        return new SndmsgVersion().getVersion();
    }
}
