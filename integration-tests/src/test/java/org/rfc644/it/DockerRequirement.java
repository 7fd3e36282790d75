package org.rfc644.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Decides whether the container tests run. Outside CI they are skipped when no Docker engine
 * responds, so that {@code mvn verify} works on a machine without Docker. With {@code CI=true} a
 * missing engine fails the run instead, so that CI cannot pass without running them.
 *
 * <p>Used as a JUnit extension, it disables the test class (outside CI) before any container
 * starts, so that the report counts its tests as skipped and gives the reason.
 */
final class DockerRequirement implements ExecutionCondition {

    /** System property that names the host image; the environment variable ARPANET_IMAGE is next. */
    static final String IMAGE_PROPERTY = "arpanet.image";

    static final String DEFAULT_IMAGE = "arpanet-host:local";

    private static final Logger LOG = LoggerFactory.getLogger(DockerRequirement.class);

    private static final String SKIPPED = "No Docker engine is reachable, so the container tests are skipped."
            + " Start Docker to run them; with CI=true they fail instead.";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (isCi() || DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is reachable, or required because CI=true");
        }
        LOG.warn("{}: {}", context.getDisplayName(), SKIPPED);
        return ConditionEvaluationResult.disabled(SKIPPED);
    }

    /** Skips the calling test class (outside CI) or fails it (CI=true) when Docker is not reachable. */
    static void requireDocker() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (available) {
            return;
        }
        if (isCi()) {
            fail("CI=true but no Docker engine is reachable: the container tests must run in CI."
                    + " Start dockerd (.ci/run does) and run the tests again.");
        }
        assumeTrue(false, SKIPPED);
    }

    /** Fails with the build commands when {@code image} is not in the local engine; it is never pulled. */
    static void requireImage(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            fail("Docker image " + image + " not found in the local engine, and these tests never pull."
                    + " Build it first: mvn -DskipTests package, then docker/build-base-image.sh and"
                    + " docker build --build-arg BASE_IMAGE=arpanet-base:local -t " + image + " ."
                    + " (or set -D" + IMAGE_PROPERTY + " / ARPANET_IMAGE to another local image).");
        }
    }

    /** Returns the image under test: -Darpanet.image, else ARPANET_IMAGE, else arpanet-host:local. */
    static String image() {
        String property = System.getProperty(IMAGE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        String environment = System.getenv("ARPANET_IMAGE");
        if (environment != null && !environment.isBlank()) {
            return environment.strip();
        }
        return DEFAULT_IMAGE;
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
