package org.rtcsip.ari.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import org.rtcsip.ari.ari.AriClient;
import org.rtcsip.ari.ari.AriEvent;
import org.rtcsip.ari.ari.AriEventDecoder;
import org.rtcsip.ari.ari.AriEventStream;
import org.rtcsip.testbed.asterisk.AsteriskProcess;

/** The test's own Stasis app on the real Asterisk (ari-bridge's typed client), with its events in a queue. */
final class AriTestApp implements AutoCloseable {
    final AriClient ari;
    private final OkHttpClient http = new OkHttpClient();
    private final AriEventStream stream;
    private final BlockingQueue<AriEvent> events = new LinkedBlockingQueue<>();
    private final List<AriEvent> seen = new ArrayList<>();
    private final CountDownLatch opened = new CountDownLatch(1);

    AriTestApp(AsteriskProcess asterisk, String app) throws InterruptedException {
        ari = new AriClient(http, HttpUrl.get(asterisk.httpUrl()), asterisk.ariUser(), asterisk.ariPassword(),
                e -> { });
        AriEventDecoder decoder = new AriEventDecoder();
        stream = new AriEventStream(http, ari, app, Duration.ofMillis(100), Duration.ofSeconds(1),
                new AriEventStream.Listener() {
                    @Override
                    public void opened(boolean reopened) {
                        opened.countDown();
                    }

                    @Override
                    public void message(String text) {
                        try {
                            events.add(decoder.decode(text));
                        } catch (AriEventDecoder.MalformedEventException e) {
                            throw new AssertionError("Asterisk sent a malformed event: " + text, e);
                        }
                    }

                    @Override
                    public void closed(String reason, Duration retryIn) {
                    }
                });
        stream.start();
        if (!opened.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the test's ARI app " + app + " did not connect");
        }
    }

    /** Whether the app's events WebSocket is open now (Asterisk only routes calls into an app with one open). */
    boolean isOpen() {
        return stream.isOpen();
    }

    /** The first event (seen before or arriving within {@code timeout}) that matches; fails the test otherwise. */
    @SuppressWarnings("unchecked")
    <T extends AriEvent> T await(Class<T> type, Predicate<T> match, Duration timeout, String what)
            throws InterruptedException {
        synchronized (seen) {
            for (AriEvent e : seen) {
                if (type.isInstance(e) && match.test((T) e)) {
                    seen.remove(e);
                    return (T) e;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            AriEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms; seen: " + seen);
            }
            if (type.isInstance(e) && match.test((T) e)) {
                return (T) e;
            }
            synchronized (seen) {
                seen.add(e);
            }
        }
    }

    @Override
    public void close() {
        stream.stop();
        http.dispatcher().executorService().shutdown();
    }
}
