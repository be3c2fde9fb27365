package org.rtcsip.sidecar.rtcp;

import java.util.HexFormat;

/** Real RTCP datagrams captured from browsers, with where each dump was published. */
final class RtcpCaptures {
    /**
     * Chrome SR (no report blocks) + SDES CNAME "jvCbIX/TXwR5MQqc", 56 bytes, dumped in
     * https://github.com/pion/webrtc/issues/447 (comment of 2019-02-27) when pion failed to parse it.
     */
    static final String CHROME_SR_SDES = "80c80006" + "9cf6b791" + "e020b715" + "e45b8dc5" + "c5df70cd" + "0000020e"
            + "00069e0a" + "81ca0006" + "9cf6b791" + "01106a76" + "43624958" + "2f545877" + "52354d51" + "71630000";

    /**
     * RR with one block + SDES CNAME + BYE + PLI + RRR + APP, "an RTCP packet from a packet dump" in pion/rtcp
     * packet_test.go realPacket().
     */
    static final String PION_RR_COMPOUND = "81c90007" + "902f9e2e" + "bc5e9a40" + "00000000" + "000046e1" + "00000111"
            + "09f36432" + "00024a79"
            + "81ca000c" + "902f9e2e" + "0126"
            + "7b39633030656239322d316166622d396434392d613437642d393166363465656536396635" + "7d" + "00000000"
            + "81cb0001" + "902f9e2e"
            + "81ce0002" + "902f9e2e" + "902f9e2e"
            + "85cd0002" + "902f9e2e" + "902f9e2e"
            + "80cc0003" + "4baae1ab" + "4e414d45" + "41424344";

    /**
     * Chrome transport-cc feedback (RTPFB FMT 15) sent alone under rtcp-rsize, with a padding count of 1, from
     * olivermichel/webrtc-analysis test/include/data.h twcc_pkt1 (Wireshark dissection alongside).
     */
    static final String CHROME_TRANSPORT_CC = "afcd0007" + "00000001" + "dd586eb6" + "00010009" + "5e911000"
            + "20091c0c" + "2c380004" + "00081801";

    private RtcpCaptures() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
