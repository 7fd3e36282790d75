package org.rfc644.ncp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketPolicyTest {

    @TempDir
    Path directory;

    private UserDatabase users;

    @BeforeEach
    void setUp() throws IOException {
        Path passwd = directory.resolve("passwd");
        Files.writeString(passwd, String.join("\n",
                "root:x:0:0:root:/root:/bin/bash",
                "ftp:x:21:21::/srv/ftp:/usr/sbin/nologin",
                "mailer:x:1001:1001::/var/mail:/usr/sbin/nologin",
                "alice:x:1003:1003::/home/alice:/bin/bash",
                "broken line without fields",
                "") + "\n");
        users = UserDatabase.read(passwd);
    }

    @Test
    void defaultsReserveFtpAndMailSockets() {
        SocketPolicy policy = SocketPolicy.defaults(users);

        assertEquals(Optional.empty(), policy.checkBind(3, 21));
        assertEquals(Optional.empty(), policy.checkBind(232, 1001));
        assertEquals(Optional.empty(), policy.checkBind(239, 1001));
        assertTrue(policy.checkBind(3, 1003).isPresent());
        assertTrue(policy.checkBind(233, 0).isPresent());
        assertEquals(Optional.empty(), policy.checkBind(240, 1003));
        assertEquals(Optional.empty(), policy.checkBind(5, 1003));
    }

    @Test
    void refusalNamesSocketReservationAndCaller() {
        SocketPolicy policy = SocketPolicy.defaults(users);

        assertEquals(Optional.of("socket 232 is reserved for mailer; you are alice (uid 1003)"),
                policy.checkBind(232, 1003));
        assertEquals(Optional.of("socket 3 is reserved for ftp; you are uid 4000"),
                policy.checkBind(3, 4000));
    }

    @Test
    void fileWithRangesNamesUidsAndComments() throws IOException {
        Path file = directory.resolve("policy");
        Files.writeString(file, String.join("\n",
                "# reserved sockets",
                "232-239 mailer,0   # mailer and root",
                "",
                "3 ftp",
                "1000 1003") + "\n");

        SocketPolicy policy = SocketPolicy.read(file, users);

        assertEquals(Optional.empty(), policy.checkBind(235, 0));
        assertEquals(Optional.empty(), policy.checkBind(235, 1001));
        assertEquals(Optional.of("socket 235 is reserved for mailer, 0; you are alice (uid 1003)"),
                policy.checkBind(235, 1003));
        assertEquals(Optional.empty(), policy.checkBind(1000, 1003));
        assertTrue(policy.checkBind(1000, 1001).isPresent());
        assertTrue(policy.reservesAny(230, 232));
        assertFalse(policy.reservesAny(240, 999));
    }

    @Test
    void unknownUserRejected() throws IOException {
        Path file = directory.resolve("policy");
        Files.writeString(file, "232 nobody-here\n");

        PolicyException thrown = assertThrows(PolicyException.class,
                () -> SocketPolicy.read(file, users));
        assertTrue(thrown.getMessage().contains("line 1"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("nobody-here"), thrown.getMessage());
    }

    @Test
    void invalidLinesRejected() throws IOException {
        for (String line : new String[] {"232", "239-232 mailer", "x mailer", "1-2-3 mailer",
                "4294967296 mailer", "232 mailer extra"}) {
            Path file = directory.resolve("policy");
            Files.writeString(file, line + "\n");

            assertThrows(PolicyException.class, () -> SocketPolicy.read(file, users), line);
        }
    }
}
