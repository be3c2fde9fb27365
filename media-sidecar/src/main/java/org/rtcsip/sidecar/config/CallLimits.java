package org.rtcsip.sidecar.config;

/**
 * Caps on what one offer or call may ask for, so one hostile or broken request cannot take the port range or the
 * control thread's time from every other call.
 *
 * @param maxSdpBytes           SDP text of an offer or answer, in bytes ({@code max-sdp-size})
 * @param maxMediaPerOffer      m= lines in one SDP ({@code max-media-per-offer})
 * @param maxAttributesPerMedia a= lines in one SDP section ({@code max-attributes-per-media})
 * @param maxStreamsPerCall     media streams of one call over all its parties ({@code max-streams-per-call}),
 *                              enforced by the session layer when it creates streams
 */
public record CallLimits(int maxSdpBytes, int maxMediaPerOffer, int maxAttributesPerMedia, int maxStreamsPerCall) {
}
