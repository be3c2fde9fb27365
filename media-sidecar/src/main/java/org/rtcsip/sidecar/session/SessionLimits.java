package org.rtcsip.sidecar.session;

/**
 * @param mediaTimeoutSeconds  a call with no packet and no signalling for this long is torn down (0 = never)
 * @param finalTimeoutSeconds  any call is torn down this long after creation (0 = never)
 * @param deleteDelaySeconds   default linger after delete when the request gives none
 * @param maxSessions          offers creating calls beyond this are refused (-1 = unlimited)
 * @param maxStreamsPerCall    an offer that would give one call more media streams, over all its parties, is
 *                             refused ({@code max-streams-per-call})
 */
public record SessionLimits(long mediaTimeoutSeconds, long finalTimeoutSeconds, long deleteDelaySeconds,
                            int maxSessions, int maxStreamsPerCall) {
}
