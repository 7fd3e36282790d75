package org.rfc644.ncp.tool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version for {@code --version}: the Maven project version, which the jar carries in the
 * {@code pom.properties} that Maven's jar plugin adds. Classes run from a build directory have none.
 */
public final class ToolVersion implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.rfc644/ncp-daemon/pom.properties";

    @Override
    public String[] getVersion() throws IOException {
        String version = "(development build)";
        try (InputStream in = ToolVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", version);
            }
        }
        return new String[] {"${ROOT-COMMAND-NAME} " + version};
    }
}
