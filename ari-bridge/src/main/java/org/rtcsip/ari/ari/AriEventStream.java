package org.rtcsip.ari.ari;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The ARI events WebSocket ({@code GET /ari/events?app=NAME}, events.json) of one Stasis application, kept open:
 * when it fails or closes it is opened again after a backoff that doubles from {@code minBackoff} to
 * {@code maxBackoff} and starts over after a successful open. While it is closed Asterisk keeps the app's channels
 * and bridges, and a channel sent to {@code Stasis(app)} fails at once; the listener reconciles after each open.
 */
public final class AriEventStream {
    private static final Logger LOG = Logger.getLogger(AriEventStream.class.getName());

    /** What the stream reports; called on OkHttp's threads, one call at a time. */
    public interface Listener {
        /** The socket is open and Asterisk has registered the app. {@code reopened}: not the first open. */
        void opened(boolean reopened);

        void message(String text);

        /** The socket closed or failed; a reopen is scheduled in {@code retryIn}. */
        void closed(String reason, Duration retryIn);
    }

    private final OkHttpClient http;
    private final Request request;
    private final Listener listener;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ari-events-reopen");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private WebSocket socket;
    private boolean everOpened;
    private boolean stopped;
    private Duration backoff;
    private long generation;
    /** The generation whose socket is open, -1 while none is. */
    private long openGeneration = -1;
    private volatile String lastFailure = "not opened yet";

    public AriEventStream(OkHttpClient http, AriClient client, String app, Duration minBackoff, Duration maxBackoff,
                          Listener listener) {
        this.http = http;
        HttpUrl events = client.baseUrl().newBuilder().addPathSegment("events")
                .addQueryParameter("app", app)
                .addQueryParameter("subscribeAll", "false").build();
        // OkHttp takes http(s) URLs for WebSockets and upgrades them.
        this.request = new Request.Builder().url(events).header("Authorization", client.authorization()).build();
        this.listener = listener;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = minBackoff;
    }

    public void start() {
        synchronized (lock) {
            stopped = false;
            open();
        }
    }

    /** True while the socket is open. */
    public boolean isOpen() {
        synchronized (lock) {
            return socket != null && everOpened && !stopped && openGeneration == generation;
        }
    }

    private void open() {
        long mine = ++generation;
        socket = http.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                boolean reopened;
                synchronized (lock) {
                    if (mine != generation || stopped) {
                        webSocket.cancel();
                        return;
                    }
                    reopened = everOpened;
                    everOpened = true;
                    openGeneration = mine;
                    backoff = minBackoff;
                }
                LOG.info((reopened ? "reopened" : "opened") + " ARI events WebSocket " + request.url().redact());
                listener.opened(reopened);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                if (mine == generation) {
                    listener.message(text);
                }
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                lost(mine, "closed by Asterisk (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                lost(mine, "closed (" + code + ")");
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                lost(mine, response != null ? "HTTP " + response.code() + " " + response.message() : t.toString());
            }
        });
    }

    private void lost(long which, String reason) {
        Duration retry;
        synchronized (lock) {
            if (which != generation || stopped) {
                return;
            }
            lastFailure = reason;
            generation++; // later callbacks of this socket are stale
            openGeneration = -1;
            retry = backoff;
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
            timer.schedule(() -> {
                synchronized (lock) {
                    if (!stopped) {
                        open();
                    }
                }
            }, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.log(Level.WARNING, "ARI events WebSocket lost: " + reason + "; reopening in " + retry.toMillis() + " ms");
        listener.closed(reason, retry);
    }

    /** Why the socket last closed or failed to open ("HTTP 401 Unauthorized", "Connection refused", ...). */
    public String lastFailure() {
        return lastFailure;
    }

    /** Drops the open socket as a network failure would (tests, and operators through nothing else). */
    public void drop() {
        synchronized (lock) {
            if (socket != null) {
                socket.cancel();
            }
        }
    }

    public void stop() {
        synchronized (lock) {
            stopped = true;
            generation++;
            if (socket != null) {
                socket.close(1000, "ari-bridge stopping");
            }
        }
        timer.shutdownNow();
    }
}
