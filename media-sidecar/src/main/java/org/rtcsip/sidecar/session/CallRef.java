package org.rtcsip.sidecar.session;

/** Which call and parties an ng command is about (ng-protocol.md §2.3: from-tag is always the offerer). */
public record CallRef(String callId, String fromTag, String toTag, String viaBranch) {
}
