package org.rfc644.ncp.hosts;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The hosts of the emulated network, shared by every daemon of that network.
 *
 * <p>A table file has one entry a line, {@code NUMBER NAME ADDRESS:PORT}, for example
 * {@code 2 UCLA 127.0.0.2:4000} or {@code 3 MIT [::1]:4003}. {@code #} starts a comment and blank
 * lines are allowed. NUMBER is the host number (0 to 255); NAME is compared case-insensitively;
 * ADDRESS is an IP address literal (IPv6 in brackets) and never a DNS name, because a peer is
 * recognized by the IP address its tunnel comes from. For the same reason no two entries may
 * share an IP address.
 */
public final class HostTable {

    private final List<HostTableEntry> entries;
    private final Map<Integer, HostTableEntry> byNumber = new HashMap<>();
    private final Map<String, HostTableEntry> byName = new HashMap<>();
    private final Map<InetAddress, HostTableEntry> byAddress = new HashMap<>();

    private HostTable(List<HostTableEntry> entries) {
        this.entries = Collections.unmodifiableList(entries);
        for (HostTableEntry entry : entries) {
            byNumber.put(entry.number(), entry);
            byName.put(normalize(entry.name()), entry);
            byAddress.put(entry.address().getAddress(), entry);
        }
    }

    /**
     * Reads and parses a host table file.
     *
     * @throws HostTableException when a line is invalid, naming the file, the line and the fault
     * @throws IOException when the file cannot be read
     */
    public static HostTable load(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of a host table; {@code source} names the table in error messages.
     *
     * @throws HostTableException when a line is invalid
     */
    public static HostTable parse(String source, List<String> lines) throws HostTableException {
        HostTableParser parser = new HostTableParser(source);
        for (int i = 0; i < lines.size(); i++) {
            parser.parseLine(i + 1, lines.get(i));
        }
        return new HostTable(new ArrayList<>(parser.entries()));
    }

    /** Returns every entry in the order of the file. */
    public List<HostTableEntry> entries() {
        return entries;
    }

    /** Finds the host with this number. */
    public Optional<HostTableEntry> byNumber(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** Finds the host with this name, ignoring case. */
    public Optional<HostTableEntry> byName(String name) {
        return Optional.ofNullable(byName.get(normalize(name)));
    }

    /** Finds the host whose table address has this IP address; the port plays no part. */
    public Optional<HostTableEntry> byAddress(InetAddress address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /**
     * Finds a host by name or, when {@code nameOrNumber} is a decimal number, by number: the way
     * the local API and the command lines name a host.
     */
    public Optional<HostTableEntry> find(String nameOrNumber) {
        if (isDecimal(nameOrNumber) && nameOrNumber.length() <= 3) {
            return byNumber(Integer.parseInt(nameOrNumber));
        }
        return byName(nameOrNumber);
    }

    static boolean isDecimal(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Parses an IP literal (IPv6 in brackets); returns null when the text is not one. */
    static InetAddress parseIpLiteral(String text) {
        String literal = text;
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
            return NetUtil.isValidIpV6Address(literal) ? NetUtil.createInetAddressFromIpAddressString(literal) : null;
        }
        return NetUtil.isValidIpV4Address(literal) ? NetUtil.createInetAddressFromIpAddressString(literal) : null;
    }

    /** Parses the fields of one host table line at a time, checking each against the earlier ones. */
    private static final class HostTableParser {

        private final String source;
        private final List<HostTableEntry> entries = new ArrayList<>();
        private final Map<Integer, Integer> lineOfNumber = new HashMap<>();
        private final Map<String, Integer> lineOfName = new HashMap<>();
        private final Map<InetAddress, Integer> lineOfAddress = new HashMap<>();

        HostTableParser(String source) {
            this.source = source;
        }

        List<HostTableEntry> entries() {
            return entries;
        }

        void parseLine(int lineNumber, String line) throws HostTableException {
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (content.isEmpty()) {
                return;
            }

            String[] fields = content.split("\\s+");
            if (fields.length != 3) {
                throw fault(lineNumber, "expected NUMBER NAME ADDRESS:PORT but found " + fields.length
                        + " field(s): \"" + content + "\"");
            }

            int number = parseNumber(lineNumber, fields[0]);
            String name = fields[1];
            InetSocketAddress address = parseAddress(lineNumber, fields[2]);

            Integer earlier = lineOfNumber.putIfAbsent(number, lineNumber);
            if (earlier != null) {
                throw fault(lineNumber, "duplicate host number " + number + " (first on line " + earlier + ")");
            }
            earlier = lineOfName.putIfAbsent(normalize(name), lineNumber);
            if (earlier != null) {
                throw fault(lineNumber, "duplicate host name " + name + " (first on line " + earlier
                        + "; names are compared ignoring case)");
            }
            // The IP address identifies the host to its peers, so it must belong to one host only.
            earlier = lineOfAddress.putIfAbsent(address.getAddress(), lineNumber);
            if (earlier != null) {
                throw fault(lineNumber, "duplicate IP address " + address.getAddress().getHostAddress()
                        + " (first on line " + earlier + "; peers are recognized by IP address, so each"
                        + " host needs its own)");
            }

            entries.add(new HostTableEntry(number, name, address));
        }

        private int parseNumber(int lineNumber, String field) throws HostTableException {
            if (!isDecimal(field) || field.length() > 3) {
                throw fault(lineNumber, "invalid host number \"" + field + "\": expected 0 to 255");
            }
            int number = Integer.parseInt(field);
            if (number > 255) {
                throw fault(lineNumber, "host number " + number + " out of range: expected 0 to 255");
            }
            return number;
        }

        private InetSocketAddress parseAddress(int lineNumber, String field) throws HostTableException {
            int colon = field.lastIndexOf(':');
            if (colon <= 0) {
                throw fault(lineNumber, "invalid address \"" + field + "\": expected ADDRESS:PORT");
            }

            InetAddress ip = parseIpLiteral(field.substring(0, colon));
            if (ip == null) {
                throw fault(lineNumber, "invalid address \"" + field.substring(0, colon)
                        + "\": expected an IPv4 literal or an IPv6 literal in brackets");
            }

            String portText = field.substring(colon + 1);
            if (!isDecimal(portText) || portText.length() > 5) {
                throw fault(lineNumber, "invalid port \"" + portText + "\": expected 1 to 65535");
            }
            int port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw fault(lineNumber, "port " + port + " out of range: expected 1 to 65535");
            }
            return new InetSocketAddress(ip, port);
        }

        private HostTableException fault(int lineNumber, String message) {
            return new HostTableException(source, lineNumber, message);
        }
    }
}
