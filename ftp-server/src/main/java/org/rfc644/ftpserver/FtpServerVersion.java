package org.rfc644.ftpserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version for {@code --version}, as {@code NAME VERSION}: the Maven project version from the
 * {@code pom.properties} that Maven's jar plugin adds to the ftp-server jar. Classes run from a build
 * directory have none, so they print {@code (development build)}.
 */
public final class FtpServerVersion implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.rfc644/ftp-server/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        String version = "(development build)";
        try (InputStream in = FtpServerVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", version);
            }
        }
        return new String[] {"${ROOT-COMMAND-NAME} " + version};
    }
}
