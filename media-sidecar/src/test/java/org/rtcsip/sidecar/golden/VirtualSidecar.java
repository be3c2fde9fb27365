package org.rtcsip.sidecar.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.sidecar.ng.NgCommands;
import org.rtcsip.sidecar.ng.NgMetrics;
import org.rtcsip.sidecar.session.CallRegistry;
import org.rtcsip.sidecar.session.MediaInterfaceAddress;
import org.rtcsip.sidecar.session.MediaInterfaces;
import org.rtcsip.sidecar.session.RelayMetrics;
import org.rtcsip.sidecar.session.SessionLimits;

/**
 * The sidecar's control and relay logic without sockets, threads or clock: the real {@link NgCommands} and
 * {@link CallRegistry} on one media loop, {@link FakeSockets} for ports, and a virtual clock a test moves by hand.
 * Requests go in as bencoded datagrams (cookie and all), exactly as the UDP server would hand them over.
 */
public final class VirtualSidecar {
    /** Where virtual time starts: the capture's first call, 2026-11-24 (Unix seconds 1795493838.187). */
    public static final long START_EPOCH_MILLIS = 1_795_493_838_187L;
    private static final InetSocketAddress KAMAILIO = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);

    public final FakeSockets sockets = new FakeSockets(30000);
    public final CallRegistry calls;
    private final NgCommands ng;
    private final int loops;
    /** The loop each request's task ran on, in order. */
    public final List<Integer> tasksRanOn = new ArrayList<>();
    private long nowNanos = 7_000_000_000_000L;
    private long epochMillis = START_EPOCH_MILLIS;
    private int cookie;

    /** Interfaces as rtpengine's {@code --interface}: {@code "127.0.0.1"}, {@code "internal/127.0.0.1"}. */
    public VirtualSidecar(SessionLimits limits, String... interfaces) {
        this(1, limits, interfaces);
    }

    /** With {@code loops} media loops (all run on the test's thread; {@link #tasksRanOn} says which each task was). */
    public VirtualSidecar(int loops, SessionLimits limits, String... interfaces) {
        this.loops = loops;
        List<MediaInterfaceAddress> list = new ArrayList<>();
        for (String spec : interfaces) {
            int slash = spec.indexOf('/');
            String name = slash < 0 ? "default" : spec.substring(0, slash);
            InetAddress address = ip(spec.substring(slash + 1));
            list.add(new MediaInterfaceAddress(name, address, address));
        }
        calls = new CallRegistry(new MediaInterfaces(list), sockets, new RelayMetrics(), limits,
                () -> epochMillis, loops, new SecureRandom());
        ng = new NgCommands(calls, (loop, task) -> {
            tasksRanOn.add(loop);
            task.run();
        }, () -> nowNanos, () -> epochMillis);
    }

    public VirtualSidecar(String... interfaces) {
        this(new SessionLimits(60, 0, 0, -1, 64), interfaces);
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    public static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    /** Sends one request as Kamailio would and returns the decoded reply (byte strings as Java strings). */
    public Map<String, Object> request(Map<String, Object> dict) {
        String c = "0_4242_" + (cookie++);
        byte[] body = Bencode.encode(dict);
        byte[] datagram = new byte[c.length() + 1 + body.length];
        System.arraycopy(c.getBytes(StandardCharsets.US_ASCII), 0, datagram, 0, c.length());
        datagram[c.length()] = ' ';
        System.arraycopy(body, 0, datagram, c.length() + 1, body.length);
        List<byte[]> replies = new ArrayList<>();
        ng.handle(datagram, datagram.length, KAMAILIO, replies::add);
        assertEquals(1, replies.size(), "one reply per request");
        byte[] r = replies.get(0);
        String prefix = c + " ";
        assertEquals(prefix, new String(r, 0, prefix.length(), StandardCharsets.US_ASCII), "reply carries the cookie");
        try {
            return strings(Bencode.decode(r, prefix.length(), r.length - prefix.length()));
        } catch (BencodeException e) {
            throw new AssertionError("undecodable reply", e);
        }
    }

    public Map<String, Object> request(KamailioRequest request) {
        return request(request.build());
    }

    /** Sends the request, fails unless the result is ok, and returns the SDP of the reply. */
    public String sdpOf(KamailioRequest request) {
        Map<String, Object> reply = request(request);
        assertEquals("ok", reply.get("result"), () -> "reply: " + reply);
        return (String) reply.get("sdp");
    }

    public NgMetrics ngMetrics() {
        return ng.metrics();
    }

    public long nowNanos() {
        return nowNanos;
    }

    public long epochMillis() {
        return epochMillis;
    }

    public void advance(Duration d) {
        nowNanos += d.toNanos();
        epochMillis += d.toMillis();
    }

    /** The media loops' periodic tick: timeouts and delayed deletes. */
    public void tick() {
        for (int loop = 0; loop < loops; loop++) {
            calls.expire(loop, nowNanos);
        }
    }

    public void deliver(int port, InetSocketAddress from, byte[] packet) {
        sockets.deliver(port, from, packet, nowNanos);
    }

    public List<FakeSockets.Sent> takeSent() {
        return sockets.takeSent();
    }

    @SuppressWarnings("unchecked")
    static <T> T strings(Object o) {
        if (o instanceof byte[] b) {
            return (T) new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, strings(v)));
            return (T) out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                out.add(strings(item));
            }
            return (T) out;
        }
        return (T) o;
    }
}
