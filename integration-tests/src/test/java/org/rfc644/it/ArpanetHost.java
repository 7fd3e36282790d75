package org.rfc644.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * One emulated ARPANET host: a container of the host image with a fixed address on the test
 * network, and the commands its users run in it ({@code docker exec -u USER}).
 */
final class ArpanetHost {

    /** Label on every container and network these tests create, so that leftovers can be found. */
    static final String LABEL = "org.rfc644.it";

    /** Path of the host table that the image's entry point and daemon read. */
    static final String HOSTS_FILE = "/etc/arpanet/hosts";

    /** Directory of the probe classes copied into each container. */
    static final String PROBE_DIRECTORY = "/opt/it-probe";

    /** Class path of the probes: their own classes and the project's clients that sndmsg ships. */
    static final String PROBE_CLASS_PATH = PROBE_DIRECTORY + ":/opt/arpanet/sndmsg/target/lib/*";

    private static final List<String> PROBE_CLASSES = List.of("SocketProbe", "RawSubmission");

    /**
     * JVM options of the commands the tests run: each is a short-lived JVM, and on a small machine
     * the C1 compiler alone and the serial collector start it fastest.
     */
    private static final String COMMAND_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

    private static final Logger LOG = LoggerFactory.getLogger(ArpanetHost.class);

    private static final AtomicInteger INPUT_FILES = new AtomicInteger();

    private final String name;
    private final String address;
    private final GenericContainer<?> container;

    /**
     * @param name the host's name in the host table, e.g. HOST-A
     * @param address the container's fixed IPv4 address, which the host table gives for it
     * @param hostTable the text of the host table copied to {@value #HOSTS_FILE}
     * @param environment the entry point's settings: HOST_NAME, POLICY, UNAUTHENTICATED, ...
     */
    ArpanetHost(String image, Network network, String name, String address, String hostTable,
                Map<String, String> environment) {
        this.name = name;
        this.address = address;
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(imageName -> false)
                .withNetwork(network)
                .withNetworkAliases(name.toLowerCase())
                .withCreateContainerCmdModifier(command -> command
                        .withHostName(name.toLowerCase())
                        .withIpv4Address(address))
                .withLabel(LABEL, "forged-sender")
                .withEnv(environment)
                .withCopyToContainer(Transferable.of(hostTable, 0644), HOSTS_FILE)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));
        for (String probe : PROBE_CLASSES) {
            String resource = "org/rfc644/it/probe/" + probe + ".class";
            container.withCopyFileToContainer(MountableFile.forClasspathResource(resource, 0644),
                    PROBE_DIRECTORY + "/" + resource);
        }
    }

    /** Runs {@code command} in place of the host's programs (the entry point prepares the host first). */
    ArpanetHost withCommand(String... command) {
        container.withCommand(command);
        return this;
    }

    /** Replaces the wait for the image's health check, for a container that runs other programs. */
    ArpanetHost waitingFor(WaitStrategy strategy) {
        container.waitingFor(strategy);
        return this;
    }

    GenericContainer<?> container() {
        return container;
    }

    void start() {
        container.start();
    }

    void stop() {
        container.stop();
    }

    /** Runs {@code command} as {@code user} with no standard input, and logs what it printed. */
    ExecResult run(String user, String... command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ExecResult result = container.execInContainer(StandardCharsets.UTF_8, ExecConfig.builder()
                .user(user)
                .envVars(Map.of("JAVA_OPTS", COMMAND_JAVA_OPTIONS))
                .command(command)
                .build());
        LOG.info("{}@{} ran {} in {} ms: {}", user, name, String.join(" ", command),
                (System.nanoTime() - started) / 1_000_000, describe(result));
        return result;
    }

    /** Runs {@code command} as {@code user} with {@code input} on its standard input. */
    ExecResult runWithInput(String user, String input, String... command) throws IOException, InterruptedException {
        String file = writeFile(input);
        List<String> shell = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" < " + file));
        shell.addAll(List.of(command));
        return run(user, shell.toArray(String[]::new));
    }

    /** Copies {@code content} into a new file that every user can read, and returns its path. */
    String writeFile(String content) {
        String file = "/tmp/it-" + INPUT_FILES.incrementAndGet() + ".txt";
        container.copyFileToContainer(Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0644), file);
        return file;
    }

    /** Runs one of the probe classes as {@code user}, with {@code input} on standard input. */
    ExecResult probe(String user, String input, String probeClass, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-cp", PROBE_CLASS_PATH,
                "org.rfc644.it.probe." + probeClass));
        command.addAll(List.of(arguments));
        return runWithInput(user, input, command.toArray(String[]::new));
    }

    /** Returns what {@code readmail} prints for {@code user}, failing on a nonzero exit. */
    Mailbox readmail(String user) throws IOException, InterruptedException {
        ExecResult result = run(user, "readmail");
        if (result.getExitCode() != 0) {
            throw new AssertionError("readmail as " + user + " on " + name + " failed: " + describe(result));
        }
        return Mailbox.parse(result.getStdout());
    }

    /** Returns what {@code readmail N} prints for {@code user}: the mark, a rule, then the message. */
    String readMessage(String user, int number) throws IOException, InterruptedException {
        ExecResult result = run(user, "readmail", Integer.toString(number));
        if (result.getExitCode() != 0) {
            throw new AssertionError("readmail " + number + " as " + user + " on " + name + " failed: "
                    + describe(result));
        }
        return result.getStdout();
    }

    /** Stops the container as {@code docker stop} does, keeping its file system and address. */
    void pause() {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId())
                .withTimeout(10).exec();
    }

    /** Starts the container stopped by {@link #pause()} again. */
    void resume() {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }

    /** Returns the container's output so far: the entry point's and the programs' logs. */
    String logs() {
        return container.getLogs();
    }

    /** Renders a command's exit code and output for assertion messages. */
    static String describe(ExecResult result) {
        return "exit " + result.getExitCode() + "\n--- stdout\n" + result.getStdout() + "--- stderr\n"
                + result.getStderr();
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
