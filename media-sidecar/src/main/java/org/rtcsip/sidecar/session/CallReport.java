package org.rtcsip.sidecar.session;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * A call's statistics as {@code query} and {@code delete} replies carry them (and /sessions shows them), shaped and named as rtpengine 10.5 writes them
 * (ng-protocol.md §2.5) so Kamailio's {@code $rtpstat} and MOS variables read them: integers stay bencode
 * integers. Must run on the call's loop thread.
 */
public final class CallReport {
    private CallReport() {
    }

    public static void addTo(Map<String, Object> reply, Call call, long nowNanos, long nowEpochSeconds) {
        reply.put("created", call.createdEpochMicros() / 1_000_000);
        reply.put("created_us", call.createdEpochMicros() % 1_000_000);
        reply.put("last signal", call.lastSignalEpochSeconds());
        Map<String, Object> ssrcs = new LinkedHashMap<>();
        Map<String, Object> tags = new LinkedHashMap<>();
        long[] rtp = new long[3];
        long[] rtcp = new long[3];
        for (Leg leg : call.legs()) {
            String tag = leg.tag() == null ? "" : leg.tag();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tag", tag);
            if (leg.label() != null) {
                t.put("label", leg.label());
            }
            if (leg.viaBranch() != null) {
                t.put("via-branch", leg.viaBranch());
            }
            t.put("created", leg.createdEpochSeconds());
            if (leg.peer() != null) {
                Map<String, Object> sub = new LinkedHashMap<>();
                sub.put("tag", leg.peer().tag() == null ? "" : leg.peer().tag());
                sub.put("type", "offer/answer");
                t.put("subscriptions", List.of(sub));
                t.put("subscribers", List.of(sub));
            }
            List<Object> medias = new ArrayList<>();
            for (MediaStream s : leg.streams()) {
                medias.add(media(s, nowNanos, nowEpochSeconds, ssrcs));
                add(rtp, s.rtpIn());
                add(rtcp, s.rtcpIn());
            }
            t.put("medias", medias);
            tags.put(tag, t);
        }
        reply.put("SSRC", ssrcs);
        reply.put("tags", tags);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("RTP", counters(rtp));
        totals.put("RTCP", counters(rtcp));
        reply.put("totals", totals);
    }

    private static Map<String, Object> media(MediaStream s, long nowNanos, long nowEpochSeconds,
                                             Map<String, Object> ssrcs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", (long) s.index() + 1);
        m.put("type", s.mediaType() == null ? "audio" : s.mediaType());
        m.put("protocol", s.protocol() == null ? "" : s.protocol());
        List<Object> streams = new ArrayList<>();
        long lastPacket = s.lastPacketNanos() == 0 ? 0
                : nowEpochSeconds - (nowNanos - s.lastPacketNanos()) / 1_000_000_000L;
        if (s.sockets() != null) {
            streams.add(stream(s.sockets().rtp().port(), s, s.rtpEndpoint(), s.rtpIn(), lastPacket, true));
            if (!s.rtcpMux()) {
                streams.add(stream(s.sockets().rtcp().port(), s, s.rtcpEndpoint(), s.rtcpIn(), lastPacket, false));
            }
        }
        if (s.external != null) {
            Transcoder toLeg = s.peer == null ? null : s.peer.transcoderToPeer;
            streams.add(externalStream(s.external, s.rtpIn(), s.rtpOut(), lastPacket,
                    toLeg == null ? 0 : toLeg.counters.silenceFilled()));
        }
        m.put("streams", streams);
        List<Object> flags = new ArrayList<>();
        flags.add("initialized");
        if (!"recvonly".equals(s.direction()) && !"inactive".equals(s.direction())) {
            flags.add("send");
        }
        if (!"sendonly".equals(s.direction()) && !"inactive".equals(s.direction())) {
            flags.add("recv");
        }
        if (s.rtcpMux()) {
            flags.add("rtcp-mux");
        }
        if (s.webrtc != null) {
            flags.add("DTLS-SRTP"); // rtpengine's flag for a DTLS-keyed stream (browser or trunk)
            if (s.iceMode() != null) {
                flags.add("ICE");
            }
        } else if (s.cryptoSuite() != null) {
            flags.add("SDES");
        }
        if (s.plan.transcodes()) {
            flags.add("transcoding");
        }
        m.put("flags", flags);
        // the codec this party speaks: the offerer's side of the plan if it made the offer
        PayloadFormat codec = s.plan.codec();
        if (codec != null) {
            m.put("codec", codec.codecName());
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("RTP", s.rtpPath());
        paths.put("RTCP", s.rtcpPath());
        m.put("paths", paths);
        if (s.rtcpReporter != null) {
            m.put("rtcp", rtcp(s.rtcpReporter));
        }
        s.ssrcStatistics().addTo(ssrcs);
        return m;
    }

    /** The sidecar's own RTCP toward this party (transcoded legs): what the party reported back. */
    private static Map<String, Object> rtcp(RtcpReporter r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reports sent", r.reportsSent());
        m.put("reports received", r.reportsReceived());
        m.put("round-trip time", r.rttNanos() < 0 ? -1L : r.rttNanos() / 1000);
        m.put("jitter", Math.round(r.jitterMillis()));
        m.put("packet loss", Math.round(r.lossPercent()));
        m.put("MOS", Math.round(r.mos() * 10));
        return m;
    }

    /** An ExternalMedia leg's one connection: where it goes, its state, frames in and out. */
    private static Map<String, Object> externalStream(ExternalMediaLeg leg, PacketCounters in, PacketCounters out,
                                                      long lastPacket, long silenceFrames) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("transport", "websocket");
        st.put("uri", leg.connection == null ? leg.spec().uri() : leg.connection.uri());
        st.put("state", leg.state());
        if (leg.endedBecause() != null) {
            st.put("ended", leg.endedBecause());
        }
        st.put("last packet", lastPacket);
        st.put("flags", List.of("RTP", "websocket"));
        st.put("stats", counters(new long[] {in.packets(), in.bytes(), in.errors()}));
        st.put("sent", counters(new long[] {out.packets(), out.bytes(), out.errors()}));
        // Asterisk's queue of what we send (its last STATUS) and the frames PlayoutDepth left out to keep it short
        st.put("asterisk queue", (long) leg.playout.lastQueueLength());
        st.put("frames skipped", leg.playout.skipped());
        // frames of silence sent while the other leg was quiet (the frame clock keeps Asterisk's channel fed)
        st.put("silence frames", silenceFrames);
        return st;
    }

    private static Map<String, Object> stream(int localPort, MediaStream s, InetSocketAddress endpoint,
                                              PacketCounters in, long lastPacket, boolean rtp) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("local port", (long) localPort);
        st.put("local address", IpLiteral.format(s.sockets().address().local()));
        st.put("family", s.sockets().address().isIpv6() ? "IPv6" : "IPv4");
        if (endpoint != null && endpoint.getAddress() != null) {
            Map<String, Object> ep = new LinkedHashMap<>();
            ep.put("family", endpoint.getAddress() instanceof Inet6Address ? "IPv6" : "IPv4");
            ep.put("address", IpLiteral.format(endpoint.getAddress()));
            ep.put("port", (long) endpoint.getPort());
            st.put("endpoint", ep);
            st.put("advertised endpoint", ep);
        }
        if (s.cryptoSuite() != null) {
            st.put("crypto suite", s.cryptoSuite());
        }
        if (rtp && s.iceMode() != null) {
            st.put("ICE", s.iceMode());
        }
        st.put("last packet", lastPacket);
        List<Object> flags = new ArrayList<>();
        flags.add(rtp ? "RTP" : "RTCP");
        if (rtp && s.rtcpMux()) {
            flags.add("RTCP");
        }
        if (endpoint != null) {
            flags.add("filled");
        }
        if (rtp && s.rtpConfirmed()) {
            flags.add("confirmed");
        }
        st.put("flags", flags);
        if (rtp && s.lastSsrc() >= 0) {
            st.put("SSRC", s.lastSsrc());
        }
        st.put("stats", counters(new long[] {in.packets(), in.bytes(), in.errors()}));
        return st;
    }

    private static void add(long[] sum, PacketCounters c) {
        sum[0] += c.packets();
        sum[1] += c.bytes();
        sum[2] += c.errors();
    }

    private static Map<String, Object> counters(long[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packets", c[0]);
        m.put("bytes", c[1]);
        m.put("errors", c[2]);
        return m;
    }
}
