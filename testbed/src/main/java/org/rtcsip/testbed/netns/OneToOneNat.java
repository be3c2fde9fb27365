package org.rtcsip.testbed.netns;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;

/**
 * An edge host behind a 1:1 NAT, and a client host on the public side of it: two {@link LoopbackNamespace}s joined
 * by a veth pair. The edge's programs keep listening on its 127.0.0.1 (as every launcher of the test bed does); the
 * edge namespace translates its public address to 127.0.0.1 both for packets from the client host (PREROUTING) and
 * for its own programs (OUTPUT), and back on the way out (conntrack), with {@code route_localnet} letting
 * loopback-addressed packets cross the link. So the client host (a browser on the internet) reaches the edge only at
 * the public address, and the edge's programs see it at its own address, as a server on a cloud VM with a 1:1 NAT
 * in front sees it. A media server there must write the public address into its SDP while it binds 127.0.0.1
 * ({@code --interface=NAME/127.0.0.1!PUBLIC}).
 */
public final class OneToOneNat implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String EDGE_LINK = "nat-edge";
    private static final String CLIENT_LINK = "nat-client";
    private static final Pattern DNAT_PACKETS = Pattern.compile("^\\s*(\\d+)\\s+\\d+\\s+DNAT\\b", Pattern.MULTILINE);

    private final LoopbackNamespace edge;
    private final LoopbackNamespace client;
    private final String publicAddress;
    private final String clientAddress;

    private OneToOneNat(LoopbackNamespace edge, LoopbackNamespace client, String publicAddress,
            String clientAddress) {
        this.edge = edge;
        this.client = client;
        this.publicAddress = publicAddress;
        this.clientAddress = clientAddress;
    }

    /**
     * Publishes {@code edge}'s loopback at {@code publicAddress} on a /24 link whose other end, a new namespace, has
     * {@code clientAddress}. Needs root (veth pair, iptables in the edge namespace).
     */
    public static OneToOneNat publish(LoopbackNamespace edge, String publicAddress, String clientAddress) {
        LoopbackNamespace client = LoopbackNamespace.create();
        OneToOneNat nat = new OneToOneNat(edge, client, publicAddress, clientAddress);
        try {
            nat.link();
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
        return nat;
    }

    private void link() {
        String ip = Programs.ip().toString();
        String iptables = Programs.iptables().toString();
        check(ShortCommand.run(List.of(ip, "link", "add", EDGE_LINK, "netns", Long.toString(edge.holderPid()),
                "type", "veth", "peer", "name", CLIENT_LINK, "netns", Long.toString(client.holderPid())),
                COMMAND_TIMEOUT), "creating the veth pair");
        check(edge.run(List.of(ip, "addr", "add", publicAddress + "/24", "dev", EDGE_LINK), COMMAND_TIMEOUT),
                "the edge's public address");
        check(edge.run(List.of(ip, "link", "set", EDGE_LINK, "up"), COMMAND_TIMEOUT), "the edge's link up");
        // loopback-addressed packets may cross the link: the edge's programs answer from 127.0.0.1 and the
        // reverse translation turns that into the public address on the way out
        check(edge.run(List.of("/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/" + EDGE_LINK + "/route_localnet"),
                COMMAND_TIMEOUT), "route_localnet on the edge's link");
        // The edge's own programs talk to each other over loopback untranslated and untracked: a flow the media
        // server opens toward a local trunk must not hold the tuple the trunk's packets to the public address are
        // translated into (conntrack would then move the trunk's source port, and the media server, which latched
        // the trunk's port, would drop them)
        check(edge.run(List.of(iptables, "-t", "raw", "-A", "OUTPUT", "-s", "127.0.0.1", "-d", "127.0.0.1", "-j",
                "NOTRACK"), COMMAND_TIMEOUT), "untracked loopback");
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            check(edge.run(List.of(iptables, "-t", "nat", "-A", chain, "-d", publicAddress, "-j", "DNAT",
                    "--to-destination", "127.0.0.1"), COMMAND_TIMEOUT), "the " + chain + " translation");
        }
        check(client.run(List.of(ip, "addr", "add", clientAddress + "/24", "dev", CLIENT_LINK), COMMAND_TIMEOUT),
                "the client's address");
        check(client.run(List.of(ip, "link", "set", CLIENT_LINK, "up"), COMMAND_TIMEOUT), "the client's link up");
        // a host on the internet has a default route (here through the edge, which forwards nothing): Firefox
        // gathers ICE host candidates only on an interface that has one
        check(client.run(List.of(ip, "route", "add", "default", "via", publicAddress, "dev", CLIENT_LINK),
                COMMAND_TIMEOUT), "the client's default route");
    }

    private static void check(ShortCommand.Output out, String what) {
        if (out.exitCode() != 0) {
            fail("1:1 NAT test bed: " + what + " failed (exit " + out.exitCode() + "; needs root): " + out.text());
        }
    }

    /** The namespace on the public side: where a browser runs that reaches the edge only at its public address. */
    public LoopbackNamespace client() {
        return client;
    }

    public String publicAddress() {
        return publicAddress;
    }

    /** The client host's address: what the edge's programs see as the peer's address. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Connections (and UDP flows) the edge translated from its public address to 127.0.0.1 so far. */
    public long translatedFlows() {
        ShortCommand.Output out = edge.run(List.of(Programs.iptables().toString(), "-t", "nat", "-L", "-n", "-v",
                "-x"), COMMAND_TIMEOUT);
        check(out, "reading the translation counters");
        long flows = 0;
        Matcher matcher = DNAT_PACKETS.matcher(out.text());
        while (matcher.find()) {
            flows += Long.parseLong(matcher.group(1));
        }
        return flows;
    }

    /** Stops the client namespace's holder; the veth pair goes with the namespace. */
    @Override
    public void close() {
        client.close();
    }
}
