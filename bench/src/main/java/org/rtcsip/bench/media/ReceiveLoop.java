package org.rtcsip.bench.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One NIO selector thread receiving for its share of the parties. Timestamps each datagram as it is read, so a
 * busy generator adds its own delay to the latency it reports: the generator's CPU is reported next to it.
 */
final class ReceiveLoop implements Runnable {
    /** Reads per socket per wake-up before turning to the next one, so one busy socket cannot starve the rest. */
    private static final int READS_PER_TURN = 16;

    private final int number;
    private final Selector selector;
    private final ConcurrentLinkedQueue<MediaLeg> toRegister = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);
    private volatile MeasurementWindow window;
    private volatile boolean running = true;
    private MeasurementWindow acknowledged;

    ReceiveLoop(int number) {
        this.number = number;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(MediaLeg leg) {
        toRegister.add(leg);
        selector.wakeup();
    }

    void setWindow(MeasurementWindow w) {
        window = w;
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(5);
                MediaLeg pending;
                while ((pending = toRegister.poll()) != null) {
                    try {
                        pending.channel.register(selector, SelectionKey.OP_READ, pending);
                    } catch (ClosedChannelException e) {
                        // torn down before it got here
                    }
                }
                MeasurementWindow w = window;
                ReceiveRecorder recorder = null;
                if (w != null) {
                    if (w.isSealed()) {
                        if (acknowledged != w) {
                            acknowledged = w;
                            w.acknowledge();
                        }
                    } else {
                        recorder = w.receivers[number];
                    }
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    drain(key, recorder, w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                // ending anyway
            }
        }
    }

    private void drain(SelectionKey key, ReceiveRecorder recorder, MeasurementWindow w) {
        MediaLeg leg = (MediaLeg) key.attachment();
        DatagramChannel channel = leg.channel;
        try {
            if (!key.isReadable()) {
                return;
            }
            for (int i = 0; i < READS_PER_TURN; i++) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n <= 0) {
                    return;
                }
                leg.onDatagram(buffer.array(), n, System.nanoTime(), recorder, w);
            }
        } catch (CancelledKeyException | ClosedChannelException e) {
            // the call was torn down
        } catch (IOException e) {
            // ICMP port unreachable on a connected socket, for one: count and go on
            if (recorder != null) {
                recorder.readErrors++;
            }
        }
    }
}
