package org.rtcsip.sidecar.session;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import org.rtcsip.sidecar.codec.AudioDecoder;
import org.rtcsip.sidecar.codec.AudioEncoder;
import org.rtcsip.sidecar.codec.CodecError;
import org.rtcsip.sidecar.codec.OpusPacket;
import org.rtcsip.sidecar.codec.Repacketizer;
import org.rtcsip.sidecar.codec.TelephoneEventRescaler;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.rtp.SequenceEpoch;
import org.rtcsip.sidecar.session.path.RtpSink;
import org.rtcsip.sidecar.session.path.Transcoding;

/**
 * One direction of a transcoded stream pair: RTP from one party in its codec, RTP to the other party in another
 * codec, with the sidecar as the RTP source (own SSRC, sequence numbers and timestamps). decode -> 8 kHz PCM ->
 * repacketize to the receiver's ptime -> encode. Lost packets are concealed (or recovered from Opus in-band FEC
 * in the next packet) so the output keeps its 20 ms cadence; silence (DTX, comfort noise) moves the output clock on
 * without sending; late and duplicate packets are dropped (no jitter buffer). telephone-events are carried across
 * clock rates in step with the audio. Single-threaded, owned by the call's loop; no allocation per packet here.
 */
final class Transcoder implements Transcoding {
    /** Gaps up to this many packets are concealed; longer ones are treated as a pause (marker, clock skip). */
    static final int MAX_CONCEALED_PACKETS = 5;
    /** A longer jump ahead is not loss but a stray packet or a restarted numbering (held until confirmed). */
    static final int MAX_GAP_PACKETS = 50;
    /** Packets further behind than this are a jump, not late: after a stray jump ahead the run resumes quickly. */
    static final int MAX_LATE_PACKETS = 5;
    /** Output paused this long (three frames) starts {@link #fillSilence}: past any jitter of a live input. */
    static final long FILL_AFTER_NANOS = 60_000_000L;
    /** A pause may move the output clock by the input's timestamps up to the time that really passed plus this. */
    private static final long PAUSE_SLACK_NANOS = 1_000_000_000L;
    private static final int MAX_PAYLOAD = 1400;
    private static final long MASK32 = 0xFFFFFFFFL;

    private final PayloadFormat inCodec;
    private final PayloadFormat outCodec;
    private final PayloadFormat inEvents;
    private final PayloadFormat outEvents;
    private final AudioDecoder decoder;
    private final AudioEncoder encoder;
    private final Repacketizer repacketizer;
    private final TelephoneEventRescaler events;
    private final int outScale;
    private final int ssrc;
    private final short[] pcm;
    private final short[] frame;
    private final byte[] out = new byte[MAX_PAYLOAD + 64];
    final TranscoderCounters counters = new TranscoderCounters();
    private final RelayMetrics metrics;

    /** Where the input's numbering stands: loss to conceal, late packets, stray jumps, restarts, new SSRCs. */
    private final SequenceEpoch sequence = new SequenceEpoch(MAX_GAP_PACKETS, MAX_LATE_PACKETS);
    private boolean started;
    /** When the last audio packet arrived: bounds how far a pause may move the output clock. */
    private long lastAudioNanos;
    /** Input timestamp (inCodec clock) just past the last audio packet, i.e. where the next one should start. */
    private long expectedInTs;
    private int lastPacketSamples = 160;
    private int outSeq;
    private boolean marker = true;
    private long packetsSent;
    private long octetsSent;
    private long lastOutTimestamp;
    private long lastSendNanos;
    private long nowNanos;
    /** 8 kHz samples of silence sent since the input paused, taken off that pause when the input resumes. */
    private long filledPcm;
    /** When this run of silence began, and its frames so far (0: not filling). */
    private long fillStart;
    private int fillFrames;

    /** @param fmtpWarnings told what of the receiver's fmtp the encoder ignored or clamped */
    Transcoder(PayloadFormat inCodec, PayloadFormat outCodec, PayloadFormat inEvents, PayloadFormat outEvents,
               int outPtimeMillis, String receiverFmtp, Consumer<String> fmtpWarnings, CodecFactory codecs,
               RandomGenerator random, RelayMetrics metrics) {
        this.metrics = metrics;
        this.inCodec = inCodec;
        this.outCodec = outCodec;
        this.inEvents = inEvents;
        this.outEvents = outEvents;
        this.decoder = codecs.decoder(inCodec);
        this.encoder = codecs.encoder(outCodec, receiverFmtp, fmtpWarnings);
        this.outScale = outCodec.clockRate() / CodecFactory.PCM_RATE;
        this.repacketizer = new Repacketizer(CodecFactory.PCM_RATE, outPtimeMillis, 16, random.nextInt() & 0xFFFF);
        this.events = inEvents != null && outEvents != null
                ? new TelephoneEventRescaler(inEvents.clockRate(), outEvents.clockRate()) : null;
        this.ssrc = random.nextInt();
        this.outSeq = random.nextInt() & 0xFFFF;
        this.pcm = new short[Math.max(decoder.maxSamplesPerPacket(), 960) * (MAX_CONCEALED_PACKETS + 2)];
        this.frame = new short[repacketizer.frameSamples()];
    }

    int ssrc() {
        return ssrc;
    }

    long packetsSent() {
        return packetsSent;
    }

    long octetsSent() {
        return octetsSent;
    }

    /** RTP timestamp (output clock) of the last packet sent, for sender reports. */
    long lastOutTimestamp() {
        return lastOutTimestamp;
    }

    /** The RTP timestamp that corresponds to {@code now}, for a sender report (RFC 3550 §6.4.1). */
    long rtpTimestampAt(long now) {
        long elapsed = Math.max(0, now - lastSendNanos);
        return (lastOutTimestamp + elapsed * outCodec.clockRate() / 1_000_000_000L) & MASK32;
    }

    PayloadFormat outCodec() {
        return outCodec;
    }

    @Override
    public String describe() {
        return inCodec.codecName() + " -> " + outCodec.codecName();
    }

    /** Frees the codecs' native state (libopus): the stream ended or the transcoder was replaced. */
    void close() {
        decoder.close();
        encoder.close();
    }

    /** Takes one validated, decrypted RTP packet from the sending party. */
    @Override
    public void onRtp(byte[] buf, int off, int len, long nowNanos, RtpSink sink) {
        this.nowNanos = nowNanos;
        int pt = RtpHeader.payloadType(buf, off, len);
        SequenceEpoch.Step step = sequence.next(RtpHeader.ssrc(buf, off, len), RtpHeader.sequenceNumber(buf, off, len));
        switch (step) {
            case LATE -> {
                counters.lateOrDuplicate++;
                return;
            }
            case HELD -> {
                counters.sequenceJumps++;
                return;
            }
            case NEW_SOURCE, RESTART -> {
                if (started) {
                    counters.sequenceRestarts++;
                }
            }
            default -> {
            }
        }
        if (pt == inCodec.payloadType()) {
            onAudio(buf, off, len, step, sink);
        } else if (inEvents != null && pt == inEvents.payloadType()) {
            onEvent(buf, off, len, sink);
        } else if (pt == 13) {
            // RFC 3389 comfort noise: the sender is silent; the next audio packet's timestamp says for how long.
            counters.comfortNoise++;
        } else {
            counters.unexpectedPayloadType++;
        }
    }

    private void onAudio(byte[] buf, int off, int len, SequenceEpoch.Step step, RtpSink sink) {
        long ts = RtpHeader.timestamp(buf, off, len);
        int payloadOff = RtpHeader.payloadOffset(buf, off, len);
        int payloadLen = RtpHeader.payloadLength(buf, off, len);
        boolean continues = started && step == SequenceEpoch.Step.NEXT;
        int lost = continues ? sequence.gap() : 0;
        long gap8k;
        if (continues) {
            gap8k = inToPcm((ts - expectedInTs) & MASK32);
            if (gap8k > (1L << 30)) {
                gap8k = 0; // timestamp went backwards: resynchronise rather than skip hours
            }
        } else {
            // A new source or a restarted numbering: its timestamps say nothing about ours; the time that passed does.
            gap8k = started ? Math.max(0, wallClockPcm() - lastPacketSamples) : 0;
        }
        // Even in the run, a pause moves our clock no further than the time that really passed (plus jitter):
        // a stray timestamp must not push the receiver's playout minutes ahead.
        if (started) {
            gap8k = Math.min(gap8k, wallClockPcm() + PAUSE_SLACK_NANOS * CodecFactory.PCM_RATE / 1_000_000_000L);
        }
        int at = 0;
        // loss after silence was filled in is a pause: concealing it too would count the filled time twice
        if (lost > 0 && lost <= MAX_CONCEALED_PACKETS && filledPcm == 0) {
            for (int i = 1; i <= lost; i++) {
                int n;
                if (i == lost && decoder.supportsFec() && OpusPacket.hasFec(buf, payloadOff, payloadLen)) {
                    n = decoder.decodeFec(buf, payloadOff, payloadLen, lastPacketSamples, pcm, at);
                    if (n > 0) {
                        counters.fecRecovered++;
                        metrics.fecRecoveredFrames.increment();
                    }
                } else {
                    n = decoder.decodeLost(lastPacketSamples, pcm, at);
                    if (n > 0) {
                        counters.concealed++;
                        metrics.concealedFrames.increment();
                    }
                }
                if (n > 0) {
                    at += n;
                }
            }
        } else if (lost > MAX_CONCEALED_PACKETS || gap8k > 0 || (started && !continues)) {
            flushPartial(at, sink);
            at = 0;
            repacketizer.skip(Math.max(0, gap8k - filledPcm));
            marker = true;
            counters.pauses++;
        }
        int n = decoder.decode(buf, payloadOff, payloadLen, pcm, at);
        if (CodecError.isError(n)) {
            // A garbage payload from the right source: conceal it, so the output keeps its cadence.
            counters.undecodable++;
            n = Math.max(0, decoder.decodeLost(lastPacketSamples, pcm, at));
        } else {
            lastPacketSamples = n;
        }
        started = true;
        filledPcm = 0;
        fillFrames = 0;
        lastAudioNanos = nowNanos;
        expectedInTs = (ts + pcmToIn(n)) & MASK32;
        if (events != null) {
            long outTs = ((repacketizer.writeTimestamp() + at) * outScale) & MASK32;
            events.anchor(audioToEvents(ts, inCodec, inEvents), audioToEvents(outTs, outCodec, outEvents));
        }
        pushAndSend(at + n, sink);
    }

    /**
     * Keeps a clocked receiver fed while the input is silent. Asterisk's chan_websocket plays one frame per tick and
     * nothing at all when we sent none, and Asterisk mutes a channel's audio for 500 ms after each RFC 4733 digit: a
     * trunk keying digits left the browser behind Asterisk with RFC 4733 events and no audio between them, and its
     * jitter buffer, with nothing to play out against, played some digits merged and dropped others. After
     * {@link #FILL_AFTER_NANOS} without output, one frame of encoded silence per frame time, on the output clock;
     * when audio resumes, the time filled is taken off the pause its timestamps show. Called by the loop's frame clock.
     */
    void fillSilence(long now, RtpSink sink) {
        if (!started) {
            return;
        }
        long frameNanos = repacketizer.frameSamples() * 1_000_000_000L / CodecFactory.PCM_RATE;
        if (fillFrames == 0) {
            if (now - lastSendNanos < FILL_AFTER_NANOS) {
                return;
            }
            fillStart = now;
        } else if (now - fillStart < fillFrames * frameNanos) {
            return;
        }
        this.nowNanos = now;
        int samples = repacketizer.frameSamples();
        Arrays.fill(pcm, 0, samples, (short) 0);
        pushAndSend(samples, sink);
        filledPcm += samples;
        fillFrames++;
        counters.silenceFilled++;
    }

    /** 8 kHz samples' worth of time since the last audio packet arrived. */
    private long wallClockPcm() {
        return Math.max(0, nowNanos - lastAudioNanos) * CodecFactory.PCM_RATE / 1_000_000_000L;
    }

    private void flushPartial(int samples, RtpSink sink) {
        if (samples > 0) {
            pushAndSend(samples, sink);
        }
    }

    private void pushAndSend(int samples, RtpSink sink) {
        int pushed = 0;
        while (pushed < samples) {
            int chunk = Math.min(samples - pushed, repacketizer.room());
            if (chunk <= 0) {
                sendReadyFrames(sink);
                continue;
            }
            repacketizer.push(pcm, pushed, chunk);
            pushed += chunk;
            sendReadyFrames(sink);
        }
    }

    private void sendReadyFrames(RtpSink sink) {
        while (repacketizer.framesReady() > 0) {
            long ts = repacketizer.nextFrameTimestamp();
            int samples = repacketizer.pull(frame, 0);
            int payload = encoder.encode(frame, 0, samples, out, 12, MAX_PAYLOAD);
            if (CodecError.isError(payload)) {
                counters.encodeErrors++;
                continue;
            }
            send(outCodec.payloadType(), (ts * outScale) & MASK32, 12 + payload, sink);
            counters.framesEncoded++;
            metrics.transcodedFrames.increment();
        }
    }

    private void onEvent(byte[] buf, int off, int len, RtpSink sink) {
        if (outEvents == null || events == null) {
            counters.eventsWithoutTelephoneEvent++;
            metrics.dtmfWithoutTelephoneEvent.increment();
            return;
        }
        if (!started) {
            counters.eventsBeforeAudio++;
            return;
        }
        int payloadOff = RtpHeader.payloadOffset(buf, off, len);
        int payloadLen = RtpHeader.payloadLength(buf, off, len);
        TelephoneEventRescaler.Verdict v = events.map(RtpHeader.timestamp(buf, off, len), buf, payloadOff,
                payloadLen, out, 12);
        if (!v.sends()) {
            counters.eventsDropped++;
            return;
        }
        sendEvent(sink);
        while (events.pendingEndRepeats() > 0 && events.repeatEnd(out, 12)) {
            sendEvent(sink);
        }
    }

    private void sendEvent(RtpSink sink) {
        boolean m = events.marker();
        marker = m;
        send(outEvents.payloadType(), events.timestamp(), 16, sink);
        counters.eventPacketsSent++;
        metrics.dtmfEventPackets.increment();
    }

    private void send(int pt, long timestamp, int length, RtpSink sink) {
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | pt);
        RtpHeader.setSequenceNumber(out, 0, outSeq);
        RtpHeader.setTimestamp(out, 0, timestamp);
        RtpHeader.setSsrc(out, 0, ssrc);
        outSeq = (outSeq + 1) & 0xFFFF;
        marker = false;
        packetsSent++;
        octetsSent += length - 12;
        lastOutTimestamp = timestamp;
        lastSendNanos = nowNanos;
        sink.sendRtp(out, 0, length);
    }

    private long inToPcm(long inUnits) {
        return inUnits * CodecFactory.PCM_RATE / inCodec.clockRate();
    }

    private long pcmToIn(long samples) {
        return samples * inCodec.clockRate() / CodecFactory.PCM_RATE;
    }

    private static long audioToEvents(long audioTs, PayloadFormat audio, PayloadFormat events) {
        return events.clockRate() == audio.clockRate() ? audioTs
                : (audioTs * events.clockRate() / audio.clockRate()) & MASK32;
    }
}
