package org.rtcsip.sidecar.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Which socket a receive completion belongs to on the io_uring transport: a completion is routed by the socket's
 * slot and the identity of the receive it came from. A slot is reused by the next socket added, so a completion of
 * an ended receive (the removed socket's, or a paused socket's cancelled one) must reach nobody: not the socket now
 * in the slot, whose stream would take the datagram as its own, from the sender's address.
 */
class UringCompletionRoutingTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** What the ring handed on: the port it said the datagram came in on, and its first byte. */
    private static final class Received implements UringDatagrams.Events {
        final List<String> datagrams = new ArrayList<>();

        @Override
        public void received(UdpMediaSocket socket, byte[] buf, int len, InetSocketAddress from) {
            datagrams.add(socket.port() + ":" + buf[0]);
        }

        @Override
        public void selectorReady() {
        }
    }

    private static DatagramChannel bound() throws Exception {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        channel.configureBlocking(false);
        return channel;
    }

    /** {@code channel} as a media socket on {@code ring}, its receive armed in the kernel. */
    private static UdpMediaSocket added(UringDatagrams ring, DatagramChannel channel) throws Exception {
        UdpMediaSocket socket = new UdpMediaSocket(channel, ((InetSocketAddress) channel.getLocalAddress()).getPort(),
                null);
        ring.add(socket, JdkDescriptors.of(channel));
        ring.enter(0, false);
        return socket;
    }

    /** Waits until the kernel has posted at least one completion, without handling it. */
    private static void awaitCompletion(UringDatagrams ring) {
        ring.enter(2_000_000_000L, true);
    }

    /** Turns of the ring until a datagram was handed on, at most 2 s. */
    private static void awaitDatagram(UringDatagrams ring, Received received) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (received.datagrams.isEmpty() && System.nanoTime() < deadline) {
            ring.enter(100_000_000L, true);
            ring.complete(received);
        }
    }

    @Test
    void aRemovedSocketsDatagramIsNotHandedToTheSocketThatTakesItsSlot() throws Exception {
        try (DatagramChannel peer = bound(); DatagramChannel first = bound(); DatagramChannel second = bound()) {
            UringDatagrams ring = new UringDatagrams(new byte[MediaLoop.BUFFER_SIZE]);
            Received received = new Received();
            try {
                UdpMediaSocket a = added(ring, first);
                peer.send(ByteBuffer.wrap(new byte[] {1}), first.getLocalAddress());
                awaitCompletion(ring); // the datagram for a is in the completion queue, not handled yet
                ring.remove(a);
                UdpMediaSocket b = added(ring, second);
                ring.complete(received);
                assertEquals(List.of(), received.datagrams, "a datagram sent to port " + a.port()
                        + " (removed) handed on as port " + b.port() + "'s");

                // b itself receives, once
                peer.send(ByteBuffer.wrap(new byte[] {2}), second.getLocalAddress());
                awaitDatagram(ring, received);
                assertEquals(List.of(b.port() + ":2"), received.datagrams);
            } finally {
                ring.close();
            }
        }
    }

    @Test
    void aPausedSocketResumedBeforeItsCancelCompletesKeepsOneReceive() throws Exception {
        try (DatagramChannel peer = bound(); DatagramChannel channel = bound()) {
            UringDatagrams ring = new UringDatagrams(new byte[MediaLoop.BUFFER_SIZE]);
            Received received = new Received();
            try {
                UdpMediaSocket s = added(ring, channel);
                // pause and resume within one turn: the cancelled receive's last completion comes after the new arm
                ring.pause(s);
                ring.resume(s);
                for (int i = 0; i < 5; i++) {
                    ring.enter(20_000_000L, true);
                    ring.complete(received);
                }
                assertEquals(1, ring.receivesInKernel(), "multishot receives the kernel holds for one socket");
                peer.send(ByteBuffer.wrap(new byte[] {3}), channel.getLocalAddress());
                awaitDatagram(ring, received);
                assertEquals(List.of(s.port() + ":3"), received.datagrams);
                assertEquals(1, ring.receivesInKernel(), "multishot receives after a datagram");
            } finally {
                ring.close();
            }
        }
    }
}
