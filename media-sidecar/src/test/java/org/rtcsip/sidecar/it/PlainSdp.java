package org.rtcsip.sidecar.it;

/** SDP bodies as a plain SIP phone on 127.0.0.1 writes them, for ng requests. */
final class PlainSdp {
    private PlainSdp() {
    }

    /** RTP/AVP audio (PCMU, PCMA) with {@code mediaLines} m= lines on consecutive port pairs from {@code firstPort}. */
    static String audio(int firstPort, int mediaLines) {
        StringBuilder s = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (int i = 0; i < mediaLines; i++) {
            s.append("m=audio ").append(firstPort + 2 * i).append(" RTP/AVP 0 8\r\n")
                    .append("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n");
        }
        return s.toString();
    }
}
