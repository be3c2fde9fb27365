package org.rtcsip.bench.media;

import java.io.IOException;
import org.rtcsip.ngwire.NgRefusedException;

/**
 * How the generator sets a call up and ends it: straight over ng, as Kamailio would ({@link NgSignalling}), or
 * through a real Kamailio with SIP (bench.sip.SipSignalling), which then speaks ng to its rtpengine set.
 */
public interface CallSignalling extends AutoCloseable {
    /** The caller's offer (INVITE); returns the SDP the callee gets. */
    String offer(String callId, String fromTag, String flags, String callerSdp) throws IOException, NgRefusedException;

    /** The callee's answer (200 OK); returns the SDP the caller gets. */
    String answer(String callId, String fromTag, String toTag, String flags, String calleeSdp)
            throws IOException, NgRefusedException;

    /** The caller's BYE. */
    void delete(String callId, String fromTag) throws IOException, NgRefusedException;

    /** Round trip of the last request, in nanoseconds. */
    long lastRoundTripNanos();

    @Override
    void close();
}
