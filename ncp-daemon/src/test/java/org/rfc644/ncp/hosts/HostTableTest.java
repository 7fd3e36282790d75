package org.rfc644.ncp.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTableTest {

    private static final List<String> GOOD_TABLE = List.of(
            "# the test network",
            "",
            "1 UCLA 127.0.0.1:4001",
            "   2   sri-arc   127.0.0.2:4002   # trailing comment",
            "3 MIT [::1]:4003",
            "255 LAST 10.0.0.255:65535");

    @Test
    void parsesEntriesInFileOrder() throws Exception {
        HostTable table = HostTable.parse("test.hosts", GOOD_TABLE);

        assertEquals(4, table.entries().size());
        assertEquals(new HostTableEntry(1, "UCLA", new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4001)),
                table.entries().get(0));
        assertEquals(new HostTableEntry(3, "MIT", new InetSocketAddress(InetAddress.getByName("::1"), 4003)),
                table.entries().get(2));
        assertEquals(65535, table.entries().get(3).address().getPort());
    }

    @Test
    void findsByNumberNameAndAddress() throws Exception {
        HostTable table = HostTable.parse("test.hosts", GOOD_TABLE);

        assertEquals("sri-arc", table.byNumber(2).orElseThrow().name());
        assertTrue(table.byNumber(4).isEmpty());
        assertEquals(2, table.byName("SRI-ARC").orElseThrow().number());
        assertEquals(1, table.byName("ucla").orElseThrow().number());
        assertTrue(table.byName("BBN").isEmpty());
        assertEquals(2, table.byAddress(InetAddress.getByName("127.0.0.2")).orElseThrow().number());
        assertEquals(3, table.byAddress(InetAddress.getByName("::1")).orElseThrow().number());
        assertTrue(table.byAddress(InetAddress.getByName("127.0.0.3")).isEmpty());
    }

    @Test
    void findsByNameOrDecimalNumber() throws Exception {
        HostTable table = HostTable.parse("test.hosts", GOOD_TABLE);

        assertEquals(2, table.find("2").orElseThrow().number());
        assertEquals(255, table.find("255").orElseThrow().number());
        assertEquals(1, table.find("Ucla").orElseThrow().number());
        assertTrue(table.find("9").isEmpty());
    }

    @Test
    void rejectsDuplicateNumber() {
        HostTableException e = parseError("1 A 127.0.0.1:1", "# comment", "1 B 127.0.0.2:2");

        assertEquals(3, e.lineNumber());
        assertEquals("bad.hosts", e.source());
        assertTrue(e.getMessage().startsWith("bad.hosts:3: duplicate host number 1 (first on line 1)"), e.getMessage());
    }

    @Test
    void rejectsDuplicateNameIgnoringCase() {
        HostTableException e = parseError("1 Alpha 127.0.0.1:1", "2 ALPHA 127.0.0.2:2");

        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("duplicate host name ALPHA"), e.getMessage());
    }

    @Test
    void rejectsDuplicateIpAddress() {
        HostTableException e = parseError("1 A 127.0.0.1:1", "2 B 127.0.0.1:2");

        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("duplicate IP address 127.0.0.1"), e.getMessage());
    }

    @Test
    void rejectsBadAddresses() {
        for (String address : List.of("localhost:4000", "127.0.0:4000", "::1:4000", "[127.0.0.1]:4000",
                "4000", ":4000", "300.0.0.1:4000")) {
            HostTableException e = parseError("7 X " + address);

            assertEquals(1, e.lineNumber(), address);
            assertTrue(e.getMessage().startsWith("bad.hosts:1: invalid address"), address + ": " + e.getMessage());
        }
    }

    @Test
    void rejectsPortOutOfRange() {
        assertTrue(parseError("1 A 127.0.0.1:65536").getMessage().contains("port 65536 out of range"));
        assertTrue(parseError("1 A 127.0.0.1:0").getMessage().contains("port 0 out of range"));
        assertTrue(parseError("1 A 127.0.0.1:").getMessage().contains("invalid port"));
        assertTrue(parseError("1 A 127.0.0.1:http").getMessage().contains("invalid port \"http\""));
    }

    @Test
    void rejectsHostNumberOutOfRange() {
        assertTrue(parseError("256 A 127.0.0.1:1").getMessage().contains("host number 256 out of range"));
        assertTrue(parseError("-1 A 127.0.0.1:1").getMessage().contains("invalid host number \"-1\""));
        assertTrue(parseError("one A 127.0.0.1:1").getMessage().contains("invalid host number \"one\""));
    }

    @Test
    void rejectsWrongFieldCount() {
        HostTableException e = parseError("1 A");

        assertTrue(e.getMessage().contains("expected NUMBER NAME ADDRESS:PORT but found 2 field(s)"), e.getMessage());
        assertTrue(parseError("1 A 127.0.0.1:1 extra").getMessage().contains("found 4 field(s)"));
    }

    @Test
    void loadNamesFileInErrors(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("net.hosts");
        Files.writeString(file, "1 A 127.0.0.1:1\n\n2 B 127.0.0.2:99999\n");

        HostTableException e = assertThrows(HostTableException.class, () -> HostTable.load(file));

        assertEquals(file + ":3: port 99999 out of range: expected 1 to 65535", e.getMessage());
    }

    @Test
    void loadReadsFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("net.hosts");
        Files.writeString(file, String.join("\n", GOOD_TABLE));

        assertEquals(4, HostTable.load(file).entries().size());
    }

    private static HostTableException parseError(String... lines) {
        return assertThrows(HostTableException.class, () -> HostTable.parse("bad.hosts", List.of(lines)));
    }
}
