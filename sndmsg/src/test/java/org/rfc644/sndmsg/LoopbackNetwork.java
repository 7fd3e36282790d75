package org.rfc644.sndmsg;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.rfc644.ftp.FtpMailSession;
import org.rfc644.ncp.client.NcpClient;

/**
 * Emulated hosts on loopback for the tests: for each host an ncp-daemon on its own 127.0.0.N
 * address and an ftp-server, each a child JVM with this test's class path, logging to a file in
 * the test's directory. Every process runs as the user running the tests, so the policy file
 * grants that user socket 3 and the mail sockets.
 */
final class LoopbackNetwork implements AutoCloseable {

    /** Upper bound for a child JVM to come up on a loaded machine. */
    static final Duration STARTUP = Duration.ofSeconds(120);

    /** The foreign ICP sockets that every ftp-server here counts as authorized mail sockets. */
    static final String MAIL_SOCKETS = "232,238,244";

    /** One emulated host. */
    record Host(String name, int number, Path daemonSocket, Path mailRoot) {
    }

    private final Path directory;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private String childClassPath;

    private LoopbackNetwork(Path directory) {
        this.directory = directory;
    }

    /**
     * Starts a daemon and an ftp-server for each host (HOST-A on 127.0.0.1, HOST-B on 127.0.0.2
     * and so on), with a Maildir for each listed user.
     *
     * @param policyUser the user that the daemons' policy grants socket 3 and sockets 232 to 249
     */
    static LoopbackNetwork start(Path directory, Map<String, List<String>> usersByHost,
                                 String policyUser) throws IOException, InterruptedException {
        LoopbackNetwork network = new LoopbackNetwork(directory);
        try {
            network.startAll(usersByHost, policyUser);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            network.close();
            throw e;
        }
        return network;
    }

    Host host(String name) {
        return hosts.get(name);
    }

    Path directory() {
        return directory;
    }

    /** Returns the messages in {@code user}'s Maildir new/ on {@code host}. */
    List<Path> newMessages(String host, String user) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(
                hosts.get(host).mailRoot().resolve(user).resolve("new"))) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** Starts a child JVM running {@code mainClass}, logging to {@code NAME.log}. */
    Process startJava(String name, List<String> jvmOptions, String mainClass, List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", childClassPath()));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    /**
     * Returns this JVM's class path with each class directory replaced by a copy, so that a
     * rebuild of a module while the test runs cannot remove classes that a child has yet to load.
     */
    private synchronized String childClassPath() throws IOException {
        if (childClassPath == null) {
            List<String> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path copy = directory.resolve("classpath").resolve(Integer.toString(entries.size()));
                    copyTree(path, copy);
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            childClassPath = String.join(File.pathSeparator, entries);
        }
        return childClassPath;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startAll(Map<String, List<String>> usersByHost, String policyUser)
            throws IOException, InterruptedException {
        StringBuilder table = new StringBuilder();
        int number = 1;
        for (Map.Entry<String, List<String>> entry : usersByHost.entrySet()) {
            String address = "127.0.0." + number;
            table.append(number).append(' ').append(entry.getKey()).append(' ')
                    .append(address).append(':').append(freePort(address)).append('\n');
            Path hostDirectory = Files.createDirectories(directory.resolve(entry.getKey()));
            Host host = new Host(entry.getKey(), number, hostDirectory.resolve("ncp.sock"),
                    hostDirectory.resolve("mail"));
            for (String user : entry.getValue()) {
                for (String subdirectory : List.of("tmp", "new", "cur")) {
                    Files.createDirectories(host.mailRoot().resolve(user).resolve(subdirectory));
                }
            }
            hosts.put(host.name(), host);
            number++;
        }
        Path hostTable = Files.writeString(directory.resolve("hosts"), table);
        // The default policy reserves socket 3 for ftp and 232-239 for mailer. Here one user
        // runs every server and mailer, and three pool sockets (232, 238, 244) need 232 to 249.
        Path policy = Files.writeString(directory.resolve("policy"),
                "3 " + policyUser + "\n232-249 " + policyUser + "\n");

        for (Host host : hosts.values()) {
            startJava(host.name() + "-daemon", List.of(), "org.rfc644.ncp.daemon.NcpDaemonCommand",
                    List.of("--host", host.name(), "--hosts", hostTable.toString(),
                            "--socket", host.daemonSocket().toString(),
                            "--policy", policy.toString()));
        }
        for (Host host : hosts.values()) {
            await(host.name() + " daemon", STARTUP, () -> answers(host));
            startJava(host.name() + "-ftp-server", List.of(), "org.rfc644.ftpserver.FtpServerCommand",
                    List.of("--socket", host.daemonSocket().toString(),
                            "--mail-root", host.mailRoot().toString(),
                            "--mail-sockets", MAIL_SOCKETS));
        }
        for (Host host : hosts.values()) {
            await(host.name() + " ftp-server", STARTUP, () -> servesFtp(host));
        }
    }

    private static boolean answers(Host host) {
        if (!Files.exists(host.daemonSocket())) {
            return false;
        }
        try (NcpClient client = NcpClient.connect(host.daemonSocket())) {
            return client.localHost().name().equals(host.name());
        } catch (IOException e) {
            return false;
        }
    }

    /** Tells whether the host's ftp-server completes an ICP and greets, from its own daemon. */
    private static boolean servesFtp(Host host) {
        try (NcpClient client = NcpClient.connect(host.daemonSocket())) {
            int socket = client.allocate(6);
            FtpMailSession session = FtpMailSession.open(client, socket, host.name(),
                    Duration.ofSeconds(10));
            session.quit();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }
}
