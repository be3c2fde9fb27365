package org.rtcsip.sidecar.ice;

/**
 * What became of the last STUN datagram an agent was given: accepted, answered with an error response, or
 * dropped, each with the metrics label an operator would search for. Agents never throw on input; they record
 * one of these instead (see {@code lastOutcome()} on the agents).
 */
public enum StunOutcome {
    /** A valid connectivity check: answered with a Binding success response. */
    CHECK_ANSWERED("ice_check_answered", false),
    /** A valid check carrying USE-CANDIDATE: answered, and its source is now the selected remote address. */
    CHECK_NOMINATED("ice_check_nominated", false),
    /** A success response to one of our checks (full ICE), integrity verified. */
    RESPONSE_ACCEPTED("ice_response_accepted", false),
    /** An error response to one of our checks (full ICE), integrity verified: the pair failed or roles flipped. */
    ERROR_RESPONSE_ACCEPTED("ice_error_response_accepted", false),

    /** RFC 5389 §10.1.2: USERNAME or MESSAGE-INTEGRITY missing, or a required ICE attribute missing: 400. */
    REJECTED_BAD_REQUEST("ice_bad_request", true),
    /** RFC 5389 §10.1.2: unknown USERNAME or wrong MESSAGE-INTEGRITY: 401, state untouched. */
    REJECTED_UNAUTHORIZED("ice_unauthorized", true),
    /** RFC 8445 §7.3.1.1: the peer claims our role and wins nothing: 487 Role Conflict. */
    REJECTED_ROLE_CONFLICT("ice_role_conflict", true),
    /** RFC 5389 §7.3.1: comprehension-required attributes we do not know: 420 with UNKNOWN-ATTRIBUTES. */
    REJECTED_UNKNOWN_ATTRIBUTE("ice_unknown_attribute", true),

    /** Not a STUN message at all (RFC 7983 demultiplexing should not have sent it here). */
    DROPPED_NOT_STUN("stun_not_stun", true),
    /** Broken framing or attribute layout, or ice4j refused to decode it. */
    DROPPED_MALFORMED("stun_malformed", true),
    /** RFC 8445 §7.2.2: ICE requires FINGERPRINT as the last attribute; missing or misplaced. */
    DROPPED_NO_FINGERPRINT("stun_no_fingerprint", true),
    /** RFC 5389 §15.5: the CRC does not match; silently discarded, never answered. */
    DROPPED_BAD_FINGERPRINT("stun_bad_fingerprint", true),
    /** A STUN method or class we do not serve (indications, TURN methods, ...). */
    DROPPED_UNSUPPORTED("stun_unsupported", true),
    /** A response whose transaction ID matches none of our checks. */
    DROPPED_UNKNOWN_TRANSACTION("stun_unknown_transaction", true),
    /** A response to one of our checks that fails MESSAGE-INTEGRITY with the peer's password. */
    DROPPED_BAD_INTEGRITY("stun_bad_integrity", true),
    /** RFC 8445 §7.2.5.2.1: a response from another address than the check went to. */
    DROPPED_NON_SYMMETRIC("stun_non_symmetric", true),
    /** The caller's output buffer cannot hold the answer. */
    DROPPED_NO_ROOM("stun_no_room", true);

    private final String label;
    private final boolean rejected;

    StunOutcome(String label, boolean rejected) {
        this.label = label;
        this.rejected = rejected;
    }

    /** The reason label for counters, e.g. {@code stun_bad_fingerprint}. */
    public String label() {
        return label;
    }

    /** True unless the message was valid and accepted. */
    public boolean isRejected() {
        return rejected;
    }
}
