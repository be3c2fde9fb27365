package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;
import org.ice4j.message.Message;

/**
 * The answering half of a connectivity check, shared by both agents: short-term authentication (RFC 5389
 * §10.1.2) against the answerable credential generations, and the responses. After each call,
 * {@link #written} is the length of the response in the caller's buffer (0 for none) and {@link #outcome}
 * says why.
 */
final class CheckResponder {
    private final StunCodec codec;
    StunOutcome outcome;
    int written;

    CheckResponder(StunCodec codec) {
        this.codec = codec;
    }

    /**
     * For the Binding request last read by the codec: the generation whose credentials it carries, or null
     * after writing the 400, 401 or 420 answer RFC 5389 §10.1.2 and §7.3.1 ask for.
     */
    IceGeneration authenticate(IceGeneration current, IceGeneration previous, byte[] out, int outOff) {
        written = 0;
        String username = codec.username();
        if (username == null || !codec.hasIntegrity()) {
            // No MESSAGE-INTEGRITY in the answer: we do not know which key the peer holds.
            reject(400, "Bad Request", null, StunOutcome.REJECTED_BAD_REQUEST, out, outOff);
            return null;
        }
        IceGeneration generation = current.acceptsUsername(username) ? current
                : previous != null && previous.acceptsUsername(username) ? previous : null;
        if (generation == null || !codec.integrityMatches(generation.localKey)) {
            reject(401, "Unauthorized", null, StunOutcome.REJECTED_UNAUTHORIZED, out, outOff);
            return null;
        }
        char[] unknown = codec.unknownRequired();
        if (unknown.length > 0) {
            respond(StunCodec.unknownAttributesResponse(unknown), generation.localKey,
                    StunOutcome.REJECTED_UNKNOWN_ATTRIBUTE, out, outOff);
            return null;
        }
        return generation;
    }

    /** An error answer to an authenticated request, or (key null) to one that failed authentication. */
    void reject(int code, String reason, byte[] key, StunOutcome why, byte[] out, int outOff) {
        respond(StunCodec.errorResponse(code, reason), key, why, out, outOff);
    }

    /** RFC 8445 §7.3.1.2: success with XOR-MAPPED-ADDRESS = source, signed with our password. */
    boolean answer(InetSocketAddress source, byte[] key, StunOutcome why, byte[] out, int outOff) {
        return respond(codec.successResponse(source), key, why, out, outOff);
    }

    private boolean respond(Message response, byte[] key, StunOutcome why, byte[] out, int outOff) {
        int length = codec.write(response, codec.transactionId(), key, out, outOff);
        if (length < 0) {
            written = 0;
            outcome = StunOutcome.DROPPED_NO_ROOM;
            return false;
        }
        written = length;
        outcome = why;
        return true;
    }
}
