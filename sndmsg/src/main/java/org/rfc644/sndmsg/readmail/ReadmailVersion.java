package org.rfc644.sndmsg.readmail;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest. */
final class ReadmailVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ReadmailVersion.class.getPackage().getImplementationVersion();
        return new String[] {"${COMMAND-FULL-NAME} " + (version == null ? "(development build)" : version)};
    }
}
