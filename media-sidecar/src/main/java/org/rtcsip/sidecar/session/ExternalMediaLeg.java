package org.rtcsip.sidecar.session;

import java.util.Locale;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

import org.rtcsip.sidecar.codec.OpusPacket;
import org.rtcsip.sidecar.session.path.RtpFrame;

/**
 * The transport of a stream whose party is one of Asterisk's chan_websocket ExternalMedia channels: a WebSocket
 * of bare codec frames. Frames in enter the stream's receive path (which gives them RTP headers); the stream's send
 * chain ends in {@link #connection}. The leg is ready when Asterisk's {@code MEDIA_START} names the format the leg
 * was asked for. Loop thread only.
 */
final class ExternalMediaLeg implements MediaConnection.Events {
    private static final Logger LOG = Logger.getLogger(ExternalMediaLeg.class.getName());
    /** From the connect to Asterisk's MEDIA_START: TCP, the WebSocket handshake, then Asterisk answering the channel. */
    static final long START_TIMEOUT_NANOS = 5_000_000_000L;
    /** The largest frame taken in: a 20 ms Opus frame at 510 kbit/s is 1275 bytes. */
    private static final int MAX_FRAME = 1500;

    /** Who waits for the legs of a new call: told once, ready or failed. */
    interface Readiness {
        void ready(ExternalMediaLeg leg, long now);

        void failed(ExternalMediaLeg leg, String why, long now);
    }

    enum State { CONNECTING, OPEN, STARTED, CLOSED, FAILED }

    private final MediaStream stream;
    private final ExternalLegSpec spec;
    private final PayloadFormat codec;
    private final Readiness readiness;
    private final long startDeadline;
    MediaConnection connection;
    /** Frames in get their RTP headers here; kept across path rebuilds so the numbering goes on. */
    final RtpFrame framing;
    private State state = State.CONNECTING;
    private String ended;
    private long framesBeforeStart;
    private long flowControlMessages;
    /** Asterisk's queue of what we send, kept short. */
    final PlayoutDepth playout = new PlayoutDepth();

    ExternalMediaLeg(MediaStream stream, ExternalLegSpec spec, PayloadFormat codec, Readiness readiness,
                     RandomGenerator random, long now) {
        this.stream = stream;
        this.spec = spec;
        this.codec = codec;
        this.readiness = readiness;
        this.startDeadline = now + START_TIMEOUT_NANOS;
        boolean opus = codec.encoding().equalsIgnoreCase("opus");
        this.framing = new RtpFrame(codec.codecName(), codec.payloadType(), random.nextInt(), random.nextInt(),
                random.nextInt() & 0xFFFF_FFFFL, MAX_FRAME,
                opus ? (b, o, l) -> OpusPacket.samples(b, o, l, 48000) : (b, o, l) -> l, stream.rtpInDrops);
    }

    @Override
    public void opened(long now) {
        if (state == State.CONNECTING) {
            state = State.OPEN;
        }
    }

    @Override
    public void frame(byte[] buf, int off, int len, long now) {
        if (state != State.STARTED) {
            framesBeforeStart++;
            return;
        }
        stream.rtpFromParty.accept(buf, off, len, null, now);
    }

    @Override
    public void text(String text, long now) {
        if (text.startsWith("MEDIA_START")) {
            String format = field(text, "format");
            if (!codecFor(format)) {
                fail("format mismatch: Asterisk sends " + format + ", the leg was asked for " + spec.codec(), now);
                connection.close(now);
                return;
            }
            if (state == State.OPEN || state == State.CONNECTING) {
                state = State.STARTED;
                readiness.ready(this, now);
            }
        } else if (text.startsWith("STATUS")) {
            playout.status(text);
        } else if (text.startsWith("MEDIA_XOFF") || text.startsWith("MEDIA_XON")) {
            // We send at the other leg's real-time pace, and PlayoutDepth keeps Asterisk's queue short.
            flowControlMessages++;
        }
    }

    @Override
    public void closed(String why, long now) {
        if (state != State.STARTED) {
            fail(why, now);
            return;
        }
        state = State.CLOSED;
        ended = why;
        stream.log().fine(LOG, () -> "external media " + spec.uri() + " " + why);
    }

    @Override
    public void failed(String why, long now) {
        fail(why, now);
    }

    private void fail(String why, long now) {
        if (state == State.FAILED || state == State.CLOSED) {
            return;
        }
        boolean wasWaiting = state != State.STARTED;
        state = State.FAILED;
        ended = why;
        if (wasWaiting) {
            readiness.failed(this, why, now);
        }
    }

    /** Timers: the connection's own, Asterisk's MEDIA_START that must follow the handshake, the queue's depth. */
    void tick(long now) {
        if (connection != null) {
            connection.poll(now);
        }
        if (state == State.STARTED && playout.askDue(now)) {
            connection.sendText("GET_STATUS");
        }
        if ((state == State.CONNECTING || state == State.OPEN) && now - startDeadline >= 0) {
            fail("no MEDIA_START within " + START_TIMEOUT_NANOS / 1_000_000_000L + " s", now);
            connection.close(now);
        }
    }

    void close(long now) {
        if (connection != null && state != State.FAILED && state != State.CLOSED) {
            connection.close(now);
        }
        state = state == State.FAILED ? State.FAILED : State.CLOSED;
    }

    /** chan_websocket's format names for our codecs. */
    private boolean codecFor(String format) {
        if (format == null) {
            return false;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "ulaw" -> codec.encoding().equalsIgnoreCase("PCMU");
            case "alaw" -> codec.encoding().equalsIgnoreCase("PCMA");
            case "opus" -> codec.encoding().equalsIgnoreCase("opus");
            default -> false;
        };
    }

    /** {@code key:value} out of a chan_websocket control message. */
    private static String field(String text, String key) {
        for (String part : text.split(" ")) {
            if (part.startsWith(key + ":")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }

    boolean started() {
        return state == State.STARTED;
    }

    String state() {
        return state == State.STARTED ? "connected" : state.name().toLowerCase(Locale.ROOT);
    }

    String endedBecause() {
        return ended;
    }

    ExternalLegSpec spec() {
        return spec;
    }

    PayloadFormat codec() {
        return codec;
    }

    long framesBeforeStart() {
        return framesBeforeStart;
    }

    long flowControlMessages() {
        return flowControlMessages;
    }
}
