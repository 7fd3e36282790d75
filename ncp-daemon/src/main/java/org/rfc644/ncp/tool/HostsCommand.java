package org.rfc644.ncp.tool;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.rfc644.ncp.client.HostEntry;
import org.rfc644.ncp.client.NcpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ncp hosts}: the daemon's host table. */
@Command(name = "hosts", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Prints the daemon's host table: host number and name; * marks this host.")
final class HostsCommand implements Callable<Integer> {

    @ParentCommand
    private NcpCommand ncp;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        HostEntry local;
        List<HostEntry> hosts;
        try (NcpClient client = ncp.connect()) {
            local = client.localHost();
            hosts = client.hosts();
        }

        PrintWriter out = spec.commandLine().getOut();
        for (HostEntry host : hosts) {
            String mark = host.number() == local.number() ? "*" : " ";
            out.printf("%s %3d %s%n", mark, host.number(), host.name());
        }
        return 0;
    }
}
