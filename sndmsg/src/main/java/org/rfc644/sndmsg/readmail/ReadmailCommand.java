package org.rfc644.sndmsg.readmail;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rfc644.maildir.Maildir;
import org.rfc644.maildir.MailboxReader;
import org.rfc644.maildir.PasswdEntry;
import org.rfc644.maildir.PasswdFile;
import org.rfc644.sndmsg.SndmsgVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The readmail program: shows the mailbox of the user who runs it, with RFC 644 marks. */
@Command(name = "readmail", mixinStandardHelpOptions = true, versionProvider = SndmsgVersion.class,
        description = {
            "Lists your mailbox, or shows message N, with each message's authentication mark:",
            "AUTHENTIC when the sending host's authorized mailer sent it (RFC 644),",
            "NOT AUTHENTICATED otherwise, with the reason.",
            "Hosts listed in /etc/arpanet/distrusted-hosts or ~/.distrusted-hosts are shown with a warning."
        })
public final class ReadmailCommand implements Callable<Integer> {

    @Option(names = "--mail-root", paramLabel = "DIR", description = "Mail root holding one maildir per user (default: ${DEFAULT-VALUE}).")
    Path mailRoot = Maildir.DEFAULT_ROOT;

    @Parameters(index = "0", arity = "0..1", paramLabel = "N", description = "Number of the message to show, as the list numbers them.")
    Integer number;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final PasswdFile passwd;
    private final Path systemDistrustedFile;

    public ReadmailCommand() {
        this(PasswdFile.system(), DistrustedHosts.SYSTEM_FILE);
    }

    ReadmailCommand(PasswdFile passwd, Path systemDistrustedFile) {
        this.passwd = passwd;
        this.systemDistrustedFile = systemDistrustedFile;
    }

    public static void main(String[] args) {
        // Set before the first logger exists, so that log lines never mix with the listing on stdout.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/rfc644/sndmsg/readmail/logback-readmail.xml");
        }
        System.exit(new CommandLine(new ReadmailCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PasswdEntry user = CurrentUser.resolve(passwd);
        DistrustedHosts distrusted = DistrustedHosts.load(
                List.of(systemDistrustedFile, user.home().resolve(DistrustedHosts.USER_FILE)));
        Readmail readmail = new Readmail(new MailboxReader(new Maildir(mailRoot)), distrusted,
                spec.commandLine().getOut());

        try {
            if (number == null) {
                readmail.list(user.name());
                return 0;
            }
            if (!readmail.show(user.name(), number)) {
                spec.commandLine().getErr().println("readmail: no message " + number + " in the mailbox of "
                        + user.name() + "; run readmail without N to list them");
                return 1;
            }
            return 0;
        } catch (NoSuchFileException missing) {
            spec.commandLine().getErr().println("readmail: no mailbox for " + user.name() + " at "
                    + mailRoot.resolve(user.name()) + "; ask the administrator to create it");
            return 1;
        } catch (AccessDeniedException denied) {
            // An unreadable mailbox is never shown as empty: it may be someone else's, or its mode is wrong.
            spec.commandLine().getErr().println("readmail: permission denied on " + denied.getFile() + " while"
                    + " reading the mailbox of " + user.name() + " (uid " + user.uid() + "); your maildir must"
                    + " belong to you or to your group, as docs/mailbox.md describes");
            return 1;
        }
    }
}
