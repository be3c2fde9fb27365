package org.rtcsip.sidecar.session;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an offer or answer asks for, already read out of the ng dictionary (ng-protocol.md §2.4 and §3). Each
 * option shapes the SDP towards the recipient of the message being processed.
 *
 * @param replace        {@code origin}, {@code session-connection}, ...
 * @param transportProtocol profile towards the recipient ({@code RTP/AVP}, {@code RTP/SAVP}...), null = keep
 * @param sdes           {@code off}, {@code no-<suite>}, {@code only-<suite>}
 * @param rtcpMux        {@code offer}, {@code require}, {@code demux}, {@code accept}, {@code reject}
 * @param direction      interface names of sender and recipient (empty = default interface for both)
 * @param addressFamily  {@code IP4}/{@code IP6} towards the recipient, null = same as the sender's
 * @param mediaAddress   overrides the sender's media address, null = from the SDP
 * @param receivedFrom   source address of the SIP message (used with {@code SIP-source-address})
 * @param flags          the remaining bare flags, normalised ({@code trust-address}, {@code generate-mid}...)
 * @param codec          codec operations ({@code strip}, {@code mask}, {@code transcode}...): lists of names
 * @param iceLite        rtpengine's {@code ICE-lite} key, offers only: {@code forward} (lite toward the recipient),
 *                       {@code backward} (toward the sender), {@code both}, {@code off} (full ICE both ways); null =
 *                       the sidecar's {@code ice} option for a new browser leg, unchanged for one negotiated before
 */
public record MediaOptions(Set<String> replace, String transportProtocol, Set<String> sdes, Set<String> rtcpMux,
                           List<String> direction, String addressFamily, InetAddress mediaAddress,
                           InetAddress receivedFrom, String ice, String dtls, Set<String> flags,
                           Map<String, List<String>> codec, String label, String iceLite) {

    public static MediaOptions none() {
        return new MediaOptions(Set.of(), null, Set.of(), Set.of(), List.of(), null, null, null, null, null,
                Set.of(), Map.of(), null, null);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public boolean replaces(String what) {
        return replace.contains(what);
    }

    /** ng-protocol.md §3.2: media address from {@code received-from} instead of the SDP. */
    public boolean useSipSourceAddress() {
        return flag("sip-source-address") && receivedFrom != null;
    }
}
