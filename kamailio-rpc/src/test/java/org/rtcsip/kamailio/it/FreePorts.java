package org.rtcsip.kamailio.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for the processes a test starts, from 20000-32767 (below the kernel's
 * ephemeral range, so no socket bound to port 0 takes one between our check and the program
 * binding it). A port handed out once is not handed out again by this JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32767;
    private static final int ATTEMPTS = 500;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static int udp() {
        return block(1, true, false);
    }

    public static int tcp() {
        return block(1, false, true);
    }

    public static int udpAndTcp() {
        return block(1, true, true);
    }

    /** The first of {@code count} consecutive free UDP ports (media port ranges). */
    public static int udpBlock(int count) {
        return block(count, true, false);
    }

    private static synchronized int block(int count, boolean udp, boolean tcp) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count) & ~1;
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = !HANDED_OUT.contains(port) && (!udp || udpFree(port)) && (!tcp || tcpFree(port));
            }
            if (free) {
                for (int port = first; port < first + count; port++) {
                    HANDED_OUT.add(port);
                }
                return first;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports in " + LOWEST + "-" + HIGHEST);
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
