package org.rtcsip.sidecar.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One {@code a=candidate} line (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <addr>] [rport <port>] *(<name> <value>)}. Extensions such as {@code tcptype} (RFC 6544),
 * {@code generation}, {@code network-id}, {@code network-cost} and {@code ufrag} are kept in order and written
 * back as they came. The address may be an mDNS name ({@code <uuid>.local}, what browsers send to hide host
 * addresses): it is kept, but {@link #socketAddress()} is null for it and nothing is ever sent there.
 *
 * @param relatedAddress null when absent
 * @param relatedPort -1 when absent
 * @param extensions name to value, in line order, unmodifiable
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        int port, String type, String relatedAddress, int relatedPort, Map<String, String> extensions) {

    public static final String HOST = "host";
    public static final String SERVER_REFLEXIVE = "srflx";
    public static final String PEER_REFLEXIVE = "prflx";
    public static final String RELAY = "relay";

    public IceCandidate {
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /**
     * Parses the value of an {@code a=candidate} attribute; a leading {@code a=} and {@code candidate:} are
     * both optional. Control path: throws with the reason an operator would search for.
     */
    public static IceCandidate parse(String line) throws IceCandidateException {
        if (line == null) {
            throw new IceCandidateException("candidate line missing");
        }
        String value = line.strip();
        if (value.startsWith("a=")) {
            value = value.substring(2);
        }
        if (value.regionMatches(true, 0, "candidate:", 0, 10)) {
            value = value.substring(10);
        }
        String[] fields = value.split(" ");
        for (String field : fields) {
            if (field.isEmpty()) {
                throw new IceCandidateException("candidate has an empty field (double space?): " + line);
            }
        }
        if (fields.length < 8) {
            throw new IceCandidateException("candidate needs at least 8 fields, got " + fields.length + ": " + line);
        }
        String foundation = fields[0];
        if (foundation.length() > 32 || !isIceChars(foundation)) {
            throw new IceCandidateException("candidate foundation must be 1..32 ice-chars: " + foundation);
        }
        int component = (int) number(fields[1], "component-id", 1, 256);
        String transport = fields[2];
        if (!isToken(transport)) {
            throw new IceCandidateException("candidate transport is not a token: " + transport);
        }
        long priority = number(fields[3], "priority", 1, 0x7FFF_FFFFL); // RFC 8445 §5.1.2.1
        String address = fields[4];
        if (!isConnectionAddress(address)) {
            throw new IceCandidateException("candidate connection-address is not an IP or host name: " + address);
        }
        int port = (int) number(fields[5], "port", 0, 65535);
        if (!fields[6].equals("typ")) {
            throw new IceCandidateException("candidate field 7 must be 'typ', got " + fields[6]);
        }
        String type = fields[7];
        if (!isToken(type)) {
            throw new IceCandidateException("candidate type is not a token: " + type);
        }
        String relatedAddress = null;
        int relatedPort = -1;
        Map<String, String> extensions = new LinkedHashMap<>();
        int i = 8;
        if (i + 1 < fields.length && fields[i].equals("raddr")) {
            relatedAddress = fields[i + 1];
            if (!isConnectionAddress(relatedAddress)) {
                throw new IceCandidateException("candidate raddr is not an IP or host name: " + relatedAddress);
            }
            i += 2;
        }
        if (i + 1 < fields.length && fields[i].equals("rport")) {
            relatedPort = (int) number(fields[i + 1], "rport", 0, 65535);
            i += 2;
        }
        if ((fields.length - i) % 2 != 0) {
            throw new IceCandidateException("candidate extension '" + fields[fields.length - 1] + "' has no value");
        }
        for (; i < fields.length; i += 2) {
            if (!isToken(fields[i])) {
                throw new IceCandidateException("candidate extension name is not a token: " + fields[i]);
            }
            if (extensions.putIfAbsent(fields[i], fields[i + 1]) != null) {
                throw new IceCandidateException("candidate extension '" + fields[i] + "' appears twice");
            }
        }
        String tcpType = extensions.get("tcptype");
        if (tcpType != null && !(tcpType.equals("active") || tcpType.equals("passive") || tcpType.equals("so"))) {
            throw new IceCandidateException("candidate tcptype must be active, passive or so: " + tcpType);
        }
        if (extensions.containsKey("generation")) {
            number(extensions.get("generation"), "generation", 0, Integer.MAX_VALUE);
        }
        return new IceCandidate(foundation, component, transport, priority, address, port, type, relatedAddress,
                relatedPort, extensions);
    }

    /** The attribute value, {@code candidate:...}, without {@code a=}. */
    public String format() {
        StringBuilder line = new StringBuilder("candidate:").append(foundation).append(' ').append(component)
                .append(' ').append(transport).append(' ').append(priority).append(' ').append(address)
                .append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            line.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort >= 0) {
            line.append(" rport ").append(relatedPort);
        }
        extensions.forEach((name, value) -> line.append(' ').append(name).append(' ').append(value));
        return line.toString();
    }

    public boolean isUdp() {
        return transport.equalsIgnoreCase("UDP");
    }

    /** An mDNS name (RFC 6762 {@code .local}): we cannot resolve it, so we never send to it. */
    public boolean isMdns() {
        return address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /** RFC 6544 tcptype, or null. */
    public String tcpType() {
        return extensions.get("tcptype");
    }

    /** The {@code generation} extension, or -1 when absent. */
    public int generation() {
        String value = extensions.get("generation");
        return value == null ? -1 : Integer.parseInt(value);
    }

    /** The {@code network-id} extension, or null. */
    public String networkId() {
        return extensions.get("network-id");
    }

    /**
     * Where checks to this candidate go: only for IP literals, null for host names (mDNS included). Never
     * resolves a name.
     */
    public InetSocketAddress socketAddress() {
        InetAddress literal = ipLiteral(address);
        return literal == null ? null : new InetSocketAddress(literal, port);
    }

    /**
     * Our host candidates (RFC 8445 §5.1.1.1) for one component, one per address in SDP order: the configured
     * interface addresses, or their advertised public addresses behind a 1:1 NAT. Local preference falls with
     * the position (RFC 8445 §5.1.2.1: distinct per address); the foundation is derived from type, address and
     * transport, so it is equal exactly when RFC 8445 §5.1.1.3 wants it equal.
     */
    public static List<IceCandidate> hosts(int component, List<InetSocketAddress> addresses) {
        if (addresses.size() > 256) {
            throw new IllegalArgumentException("more than 256 host addresses");
        }
        List<IceCandidate> hosts = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress address = addresses.get(i);
            if (address.getAddress() == null || address.getPort() == 0) {
                throw new IllegalArgumentException("host candidate needs a resolved address and port: " + address);
            }
            String ip = address.getAddress().getHostAddress();
            if (ip.indexOf('%') >= 0) {
                ip = ip.substring(0, ip.indexOf('%')); // a scope ID means nothing to the peer
            }
            CRC32 foundation = new CRC32();
            foundation.update((HOST + " " + ip + " udp").getBytes(StandardCharsets.US_ASCII));
            long priority = CandidatePriority.of(CandidatePriority.HOST, CandidatePriority.MAX_LOCAL_PREFERENCE - i,
                    component);
            hosts.add(new IceCandidate(Long.toString(foundation.getValue()), component, "UDP", priority, ip,
                    address.getPort(), HOST, null, -1, Map.of()));
        }
        return List.copyOf(hosts);
    }

    /** An IPv4 or IPv6 literal as an address, or null; never a name lookup. */
    static InetAddress ipLiteral(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                // A string with ':' is parsed as an IPv6 literal or refused; getByName does no lookup for it.
                boolean literal = text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
                return literal ? InetAddress.getByName(text) : null;
            }
            String[] octets = text.split("\\.", -1);
            if (octets.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (octets[i].isEmpty() || octets[i].length() > 3
                        || !octets[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isConnectionAddress(String text) {
        if (text.isEmpty() || text.length() > 255) {
            return false;
        }
        if (ipLiteral(text) != null) {
            return true;
        }
        if (text.indexOf(':') >= 0) {
            return false;
        }
        // FQDN (RFC 4566 §9): letters, digits, '-', '.'; mDNS names are UUIDs ending in .local.
        return text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.')
                && text.chars().anyMatch(Character::isLetter);
    }

    private static long number(String text, String name, long min, long max) throws IceCandidateException {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IceCandidateException("candidate " + name + " is not a number: " + text);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IceCandidateException("candidate " + name + " must be " + min + ".." + max + ", got " + text);
        }
        return value;
    }

    private static boolean isIceChars(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c) || c == '+'
                || c == '/');
    }

    /** RFC 4566 token: visible ASCII except separators. */
    private static boolean isToken(String text) {
        return !text.isEmpty()
                && text.chars().allMatch(c -> c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }
}
