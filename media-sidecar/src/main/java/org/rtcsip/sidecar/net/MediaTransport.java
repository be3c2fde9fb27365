package org.rtcsip.sidecar.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.Locale;

/**
 * How the media loops move datagrams ({@code media-transport}): {@code io_uring} (Linux 6.0+: one system call per
 * loop turn for every packet received and sent in it, see {@link UringDatagrams}) or {@code jdk} (the JDK's
 * selector: a receive, an empty receive and a send per packet); {@code auto} takes io_uring when this process can
 * use it and says why not otherwise.
 */
public enum MediaTransport {
    AUTO, IO_URING, JDK;

    public static MediaTransport parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "io_uring", "io-uring", "iouring" -> IO_URING;
            case "jdk", "nio" -> JDK;
            default -> throw new IllegalArgumentException("not a media transport: " + text);
        };
    }

    public String optionValue() {
        return this == IO_URING ? "io_uring" : name().toLowerCase(Locale.ROOT);
    }

    /** What was chosen for a process and, when io_uring was wanted but not taken, why. */
    public record Choice(MediaTransport transport, String whyNotUring) {
        /** For the start-up line and /health: {@code io_uring}, or {@code jdk (io_uring: <why not>)}. */
        public String describe() {
            return transport.optionValue() + (whyNotUring == null ? "" : " (io_uring not used: " + whyNotUring + ")");
        }
    }

    /**
     * Resolves {@code requested}: io_uring is tried for real (a ring is made, a datagram sent to itself and received
     * through it), so a kernel that has it switched off or too old is found here, not at the first call.
     *
     * @throws IOException for {@link #IO_URING} when it cannot be used, naming why
     */
    public static Choice choose(MediaTransport requested) throws IOException {
        if (requested == JDK) {
            return new Choice(JDK, "media-transport = jdk");
        }
        String problem = uringProblem();
        if (problem == null) {
            return new Choice(IO_URING, null);
        }
        if (requested == IO_URING) {
            throw new IOException("media-transport = io_uring, but " + problem);
        }
        return new Choice(JDK, problem);
    }

    /** Null when io_uring works in this process: bindings, descriptors and a datagram through a real ring. */
    static String uringProblem() {
        if (LinuxUring.problem() != null) {
            return LinuxUring.problem();
        }
        if (JdkDescriptors.problem() != null) {
            return JdkDescriptors.problem();
        }
        String[] result = new String[1];
        Thread probe = new Thread(() -> result[0] = selfTest(), "io_uring-probe");
        probe.start();
        try {
            probe.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while trying io_uring";
        }
        return probe.isAlive() ? "a datagram through io_uring did not arrive within 5 s" : result[0];
    }

    private static String selfTest() {
        byte[] buffer = new byte[MediaLoop.BUFFER_SIZE];
        try (Selector selector = Selector.open();
             DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
             UringDatagrams ring = new UringDatagrams(buffer)) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.configureBlocking(false);
            JdkDescriptors.of(selector);
            UdpMediaSocket socket = new UdpMediaSocket(ch, ch.socket().getLocalPort(), null);
            ring.add(socket, JdkDescriptors.of(ch));
            InetSocketAddress self = (InetSocketAddress) ch.getLocalAddress();
            byte[] probe = "io_uring probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int[] got = {-1};
            UringDatagrams.Events events = new UringDatagrams.Events() {
                @Override
                public void received(UdpMediaSocket s, byte[] buf, int len, InetSocketAddress from) {
                    got[0] = len;
                }

                @Override
                public void selectorReady() {
                }
            };
            ring.send(socket, probe, 0, probe.length, self);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (got[0] < 0 && System.nanoTime() < deadline) {
                ring.enter(100_000_000L, true);
                ring.complete(events);
            }
            if (got[0] != probe.length) {
                return "a datagram sent to itself through io_uring did not come back (" + ring.enterErrors
                        + " failed waits, " + ring.sendFailures + " failed sends)";
            }
            ring.remove(socket);
            ring.enter(0, false);
            return null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

}
