package org.rtcsip.sidecar.ice;

import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.stack.StunStack;

/**
 * ice4j's MESSAGE-INTEGRITY with the key held by the attribute itself. ice4j's own attribute asks a
 * {@link StunStack}'s credentials manager for the key, and a StunStack brings its executor and socket
 * machinery; this subclass lets {@code Message.encode(null)} sign with a short-term credential and nothing else.
 */
final class ShortTermIntegrity extends MessageIntegrityAttribute {
    private final byte[] key;

    /** {@code key}: the short-term credential, the ice-pwd of whoever checks the message (RFC 8445 §7.2.2). */
    ShortTermIntegrity(byte[] key) {
        this.key = key;
    }

    /** RFC 5389 §15.4: HMAC-SHA1 over the message up to this attribute, length field already adjusted by ice4j. */
    @Override
    public byte[] encode(StunStack stunStack, byte[] content, int offset, int length) {
        byte[] hmac = calculateHmacSha1(content, offset, length, key);
        byte[] encoded = new byte[HEADER_LENGTH + DATA_LENGTH];
        encoded[0] = (byte) (MESSAGE_INTEGRITY >> 8);
        encoded[1] = (byte) MESSAGE_INTEGRITY;
        encoded[2] = 0;
        encoded[3] = (byte) DATA_LENGTH;
        System.arraycopy(hmac, 0, encoded, HEADER_LENGTH, DATA_LENGTH);
        return encoded;
    }
}
