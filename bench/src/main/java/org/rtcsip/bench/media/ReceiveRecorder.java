package org.rtcsip.bench.media;

import org.rtcsip.bench.stats.LatencyHistogram;

/** What one receive loop saw during one measurement window; written by that loop only, read after the seal. */
final class ReceiveRecorder {
    final LatencyHistogram latency = new LatencyHistogram();
    /** Packets sent inside the window that arrived (each frame once). */
    long received;
    long duplicates;
    /** RTP we could not match to a frame we sent (no marker, or a frame older than the send history). */
    long unmatched;
    /** RTCP the server sent to an RTP port (it found our RTCP port closed, or muxes). */
    long rtcp;
    long malformed;
    long srtpFailures;
    long readErrors;

    void addTo(ReceiveRecorder total) {
        total.latency.add(latency);
        total.received += received;
        total.duplicates += duplicates;
        total.unmatched += unmatched;
        total.rtcp += rtcp;
        total.malformed += malformed;
        total.srtpFailures += srtpFailures;
        total.readErrors += readErrors;
    }
}
