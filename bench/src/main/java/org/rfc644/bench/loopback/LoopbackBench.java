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

    /**
     * The drivers' own log configuration: warnings only, on standard error. The program modules
     * on the class path bring their logback.xml files, which log at INFO.
     */
    private static final String LOG_CONFIGURATION = "loopback-bench-logback.xml";

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", LOG_CONFIGURATION);
        int exitCode = new CommandLine(new LoopbackBench()).execute(args);
        System.exit(exitCode);
    }
}
