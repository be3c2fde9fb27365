package org.rtcsip.testbed.ports;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports on 127.0.0.1 for the processes a test starts. Ports come from 20000-32767: below
 * the kernel's ephemeral range (32768+), so a socket some program binds to port 0 cannot take a
 * port between our check and the program binding it. Ports handed out are not handed out again by
 * this JVM until {@link #release}d (by a launcher whose process has exited): a media port range is
 * bound call by call, so a check cannot see that a running server owns it. Single ports and small blocks (SIP, ng,
 * HTTP, a sipp's RTP) come from 20000-24999 and large blocks (media ranges) from 25000-32767: the small ones are
 * rarely given back, and scattered through the whole range they would leave no gap for a 1000-port block late in
 * a long run.
 */
public final class FreePorts {

    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32767;
    /** The first port of the large blocks' area. */
    private static final int LARGE_LOWEST = 25000;
    /** Blocks up to this size count as small. */
    private static final int SMALL_BLOCK = 16;
    private static final int ATTEMPTS = 500;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port free for UDP. */
    public static int udp() {
        return block(1, true, false);
    }

    /** A port free for TCP. */
    public static int tcp() {
        return block(1, false, true);
    }

    /** A port free for both UDP and TCP (SIP listeners). */
    public static int udpAndTcp() {
        return block(1, true, true);
    }

    /** The first of {@code count} consecutive UDP ports, all free; the first is even (RTP). */
    public static int udpBlock(int count) {
        return block(count, true, false);
    }

    /** Ports {@code first .. first + count - 1} may be handed out again: what held them has exited. */
    public static synchronized void release(int first, int count) {
        for (int port = first; port < first + count; port++) {
            HANDED_OUT.remove(port);
        }
    }

    private static synchronized int block(int count, boolean udp, boolean tcp) {
        if (count < 1 || count > 2000) {
            throw new IllegalArgumentException("port block of " + count);
        }
        int lowest = count <= SMALL_BLOCK ? LOWEST : LARGE_LOWEST;
        int highest = count <= SMALL_BLOCK ? LARGE_LOWEST - 1 : HIGHEST;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(lowest, highest - count) & ~1;
            if (firstTaken(first, count, udp, tcp) < 0) {
                return handOut(first, count);
            }
        }
        // late in a long run the range is fragmented: random tries miss the gaps a scan still finds
        for (int first = lowest; first + count - 1 <= highest; ) {
            int taken = firstTaken(first, count, udp, tcp);
            if (taken < 0) {
                return handOut(first, count);
            }
            first = (taken + 2) & ~1; // the next even port after the taken one
        }
        throw new IllegalStateException("no block of " + count + " free ports on 127.0.0.1 in "
                + lowest + "-" + highest + " after " + ATTEMPTS + " random attempts and a scan");
    }

    private static int handOut(int first, int count) {
        for (int port = first; port < first + count; port++) {
            HANDED_OUT.add(port);
        }
        return first;
    }

    /** The first port of the block that is handed out or bound, or -1 when all are free. */
    private static int firstTaken(int first, int count, boolean udp, boolean tcp) {
        for (int port = first; port < first + count; port++) {
            if (HANDED_OUT.contains(port) || (udp && !udpFree(port)) || (tcp && !tcpFree(port))) {
                return port;
            }
        }
        return -1;
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
