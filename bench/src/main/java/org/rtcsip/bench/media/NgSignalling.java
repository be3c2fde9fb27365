package org.rtcsip.bench.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.rtcsip.ngwire.KamailioRequest;
import org.rtcsip.ngwire.NgClient;
import org.rtcsip.ngwire.NgRefusedException;

/** Calls set up straight over ng, each request built as Kamailio 5.6's rtpengine module builds it. */
public final class NgSignalling implements CallSignalling {
    private static final String SIP_SOURCE = "127.0.0.1";
    private final NgClient ng;

    public NgSignalling(InetSocketAddress server) throws IOException {
        this.ng = new NgClient(server, Duration.ofMillis(1000), 3);
    }

    @Override
    public String offer(String callId, String fromTag, String flags, String callerSdp)
            throws IOException, NgRefusedException {
        return sdp(ng.request(KamailioRequest.build("offer", flags, callerSdp, callId, fromTag, null, SIP_SOURCE)),
                "offer");
    }

    @Override
    public String answer(String callId, String fromTag, String toTag, String flags, String calleeSdp)
            throws IOException, NgRefusedException {
        return sdp(ng.request(KamailioRequest.build("answer", flags, calleeSdp, callId, fromTag, toTag, SIP_SOURCE)),
                "answer");
    }

    @Override
    public void delete(String callId, String fromTag) throws IOException, NgRefusedException {
        ng.request(KamailioRequest.build("delete", "", null, callId, fromTag, null, SIP_SOURCE));
    }

    @Override
    public long lastRoundTripNanos() {
        return ng.lastRoundTripNanos();
    }

    @Override
    public void close() {
        ng.close();
    }

    private static String sdp(Map<String, Object> reply, String command) throws IOException {
        Object sdp = reply.get("sdp");
        if (!(sdp instanceof String s)) {
            throw new IOException(command + " reply without sdp");
        }
        return s;
    }
}
