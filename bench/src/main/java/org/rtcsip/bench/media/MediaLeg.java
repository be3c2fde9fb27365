package org.rtcsip.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.rtcsip.bench.audio.FrameSet;
import org.rtcsip.bench.audio.OpusModes;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/**
 * One party of a call as the generator plays it: a UDP socket that sends this party's frames to the server and
 * receives what the server forwards from the other party. The sending half belongs to the pacer thread, the
 * receiving half to one receive loop; they meet only through the send history ({@link #sentAt}, published by
 * the volatile {@link #lastSentIndex}), so the packet path takes no lock and allocates nothing.
 *
 * <p>A received packet is matched to the frame it carries by one of two means: passthrough keeps the payload,
 * so the sender writes the frame index into it ({@link ReceiveMatch#PAYLOAD_MARK}); a transcoder rewrites
 * everything, so the frame index is counted from the RTP timestamp, anchored at the first packet to the frame the
 * peer sent last and lowered whenever a packet would otherwise precede its input ({@link ReceiveMatch#RTP_TIMESTAMP}).
 * That anchor is the latest frame causality allows: a transcoder that held whole frames back would show up to
 * 20 ms less latency per frame held than it adds.
 */
final class MediaLeg {
    /** Send history length in frames (5.12 s); a packet arriving later than that is counted as lost. */
    static final int HISTORY = 256;
    private static final int MASK = HISTORY - 1;
    static final int MARK_LENGTH = 12;
    private static final int MARK = 0x424E4348; // "BNCH"

    enum ReceiveMatch { PAYLOAD_MARK, RTP_TIMESTAMP }

    final String name;
    final DatagramChannel channel;
    final int localPort;
    MediaLeg peer;

    // sending half: pacer thread
    private FrameSet frames;
    private int payloadType;
    private boolean markPayload;
    private SrtpTransform sendSrtp;
    private final int ssrc;
    private int sequence;
    private int timestamp;
    private long nextIndex;
    private final byte[] sendBuffer = new byte[1500];
    private final ByteBuffer sendView = ByteBuffer.wrap(sendBuffer);
    final long[] sentAt = new long[HISTORY];
    volatile long lastSentIndex = -1;

    // receiving half: one receive loop
    private SrtpTransform receiveSrtp;
    private ReceiveMatch match = ReceiveMatch.PAYLOAD_MARK;
    private int receiveTimestampStep;
    private boolean anchored;
    private long anchorIndex;
    private int anchorTimestamp;
    private final long[] receivedIndex = new long[HISTORY];
    private long previousReceiveNanos;
    private long previousSendNanos;
    private boolean hasPrevious;
    private long jitterTimes16;
    /** Times the timestamp anchor was lowered; read after a window seal. */
    long anchorCorrections; // RFC 3550 §A.8: 16 times the interarrival jitter, in nanoseconds
    long packetsReceived;
    long payloadBytesReceived;
    /** TOC bytes of what this party received, read as Opus (meaningful on the Opus side of a transcoded call). */
    final OpusModes opusModes = new OpusModes();

    MediaLeg(String name, DatagramChannel channel, int localPort, int seed) {
        this.name = name;
        this.channel = channel;
        this.localPort = localPort;
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        this.ssrc = r.nextInt();
        this.sequence = r.nextInt(1 << 16); // RFC 3550 §5.1: random initial sequence number and timestamp
        this.timestamp = r.nextInt();
        java.util.Arrays.fill(receivedIndex, -1);
    }

    void configureSending(FrameSet frames, int payloadType, boolean markPayload, SrtpTransform srtp) {
        if (markPayload && frames.largestFrame() < MARK_LENGTH) {
            throw new IllegalArgumentException("frames of " + frames.codec() + " are too short for the frame mark");
        }
        this.frames = frames;
        this.payloadType = payloadType;
        this.markPayload = markPayload;
        this.sendSrtp = srtp;
    }

    void configureReceiving(ReceiveMatch match, int timestampStep, SrtpTransform srtp) {
        this.match = match;
        this.receiveTimestampStep = timestampStep;
        this.receiveSrtp = srtp;
    }

    void connect(InetSocketAddress server) throws IOException {
        channel.connect(server);
    }

    /** Pacer thread: sends the next frame, scheduled for {@code scheduledNanos}. */
    void sendNext(long scheduledNanos, SendRecorder recorder, MeasurementWindow window) {
        long index = nextIndex++;
        byte[] payload = frames.frame(index);
        byte[] b = sendBuffer;
        b[0] = (byte) 0x80; // V=2, no padding, no extension, no CSRC
        b[1] = (byte) (payloadType & 0x7F);
        b[2] = (byte) (sequence >> 8);
        b[3] = (byte) sequence;
        putInt(b, 4, timestamp);
        putInt(b, 8, ssrc);
        System.arraycopy(payload, 0, b, 12, payload.length);
        if (markPayload) {
            putInt(b, 12, MARK);
            putLong(b, 16, index);
        }
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += frames.timestampStep();
        int length = 12 + payload.length;
        if (sendSrtp != null) {
            length = sendSrtp.protectRtp(b, 0, length);
            if (length < 0) {
                if (recorder != null) {
                    recorder.srtpFailures++;
                }
                return;
            }
        }
        long now = System.nanoTime();
        // The time goes into the history before the packet leaves: the forwarded copy may arrive on another
        // thread before write() returns.
        sentAt[(int) (index & MASK)] = now;
        lastSentIndex = index;
        boolean counted = recorder != null && window.covers(now);
        if (counted) {
            recorder.sent++;
            recorder.lateness.record(now - scheduledNanos);
        }
        try {
            sendView.clear().limit(length);
            if (channel.write(sendView) != length && counted) {
                recorder.sendFailures++;
            }
        } catch (ClosedChannelException e) {
            // the call was just torn down; the pacer will drop it on its next round
        } catch (IOException e) {
            if (counted) {
                recorder.sendFailures++;
            }
        }
    }

    /** Receive loop: one datagram the server forwarded to this party, received at {@code receiveNanos}. */
    void onDatagram(byte[] b, int length, long receiveNanos, ReceiveRecorder recorder, MeasurementWindow window) {
        boolean live = recorder != null;
        if (length < 12 || (b[0] & 0xC0) != 0x80) {
            if (live) {
                recorder.malformed++;
            }
            return;
        }
        int packetType = b[1] & 0xFF;
        if (packetType >= 192 && packetType <= 223) { // RFC 5761 §4: RTCP packet types 192-223
            if (live) {
                recorder.rtcp++;
            }
            return;
        }
        if (receiveSrtp != null) {
            length = receiveSrtp.unprotectRtp(b, 0, length);
            if (length < 0) {
                if (live) {
                    recorder.srtpFailures++;
                }
                return;
            }
        }
        packetsReceived++;
        int payloadAt = 12 + 4 * (b[0] & 0x0F);
        payloadBytesReceived += length - payloadAt;
        if (length > payloadAt) {
            opusModes.count(b[payloadAt] & 0xFF);
        }
        long index = frameIndex(b, length);
        long peerLast = peer.lastSentIndex;
        if (index < 0 || index > peerLast || index <= peerLast - HISTORY) {
            if (live) {
                recorder.unmatched++;
            }
            return;
        }
        int slot = (int) (index & MASK);
        if (receivedIndex[slot] == index) {
            if (live) {
                recorder.duplicates++;
            }
            return;
        }
        receivedIndex[slot] = index;
        long sent = peer.sentAt[slot];
        if (hasPrevious) {
            // RFC 3550 §6.4.1 with true send times instead of RTP timestamps: only what the path adds.
            long d = (receiveNanos - previousReceiveNanos) - (sent - previousSendNanos);
            jitterTimes16 += Math.abs(d) - ((jitterTimes16 + 8) >> 4);
        }
        hasPrevious = true;
        previousReceiveNanos = receiveNanos;
        previousSendNanos = sent;
        if (live && window.covers(sent)) {
            recorder.received++;
            recorder.latency.record(receiveNanos - sent);
        }
    }

    /** Interarrival jitter of what this party receives, in nanoseconds; read after a window seal. */
    long jitterNanos() {
        return jitterTimes16 >> 4;
    }

    private long frameIndex(byte[] b, int length) {
        int headerLength = 12 + 4 * (b[0] & 0x0F);
        if ((b[0] & 0x10) != 0) { // RFC 3550 §5.3.1 header extension
            if (length < headerLength + 4) {
                return -1;
            }
            headerLength += 4 + 4 * (((b[headerLength + 2] & 0xFF) << 8) | (b[headerLength + 3] & 0xFF));
        }
        if (match == ReceiveMatch.PAYLOAD_MARK) {
            if (length < headerLength + MARK_LENGTH || getInt(b, headerLength) != MARK) {
                return -1;
            }
            return getLong(b, headerLength + 4);
        }
        int ts = getInt(b, 4);
        long last = peer.lastSentIndex;
        if (!anchored) {
            if (last < 0) {
                return -1;
            }
            anchored = true;
            anchorIndex = last;
            anchorTimestamp = ts;
        }
        long index = anchorIndex + Math.floorDiv(ts - anchorTimestamp, receiveTimestampStep);
        if (index > last) {
            // Output cannot precede its input: the anchor was too high (the first packet took longer than a
            // frame). Lower it to the tightest value causality allows.
            anchorIndex -= index - last;
            anchorCorrections++;
            index = last;
        }
        return index;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static long getLong(byte[] b, int off) {
        return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFFFFFFL);
    }
}
