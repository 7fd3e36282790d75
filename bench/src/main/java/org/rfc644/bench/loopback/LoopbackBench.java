package org.rfc644.bench.loopback;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The drivers of the side-by-side loopback benchmark that bench/run.sh runs. Each subcommand
 * measures one thing and prints one {@code METRIC<TAB>VALUE} line per figure on standard output;
 * the script collects them and {@code report} turns them into the table.
 */
@Command(name = "loopback-bench", mixinStandardHelpOptions = true, version = "loopback-bench 0.1.0",
        description = "Drivers of bench/run.sh: each subcommand measures one figure on loopback.",
        subcommands = {
            ReadyProbe.class,
            NcpThroughput.class,
            NcpPing.class,
            TcpEcho.class,
            MailLoad.class,
            MaildirWait.class,
            Report.class
        })
public final class LoopbackBench {

    public static void main(String[] args) {
        int exitCode = new CommandLine(new LoopbackBench()).execute(args);
        System.exit(exitCode);
    }
}
