package org.rtcsip.sidecar.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.IceControlAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;

/**
 * STUN for ICE through ice4j's message codec ({@code org.ice4j.message}, {@code org.ice4j.attribute}) without
 * its StunStack: ice4j decodes and encodes the attributes; this class adds what the stack would otherwise do
 * and what ICE requires on top of it: the framing check, FINGERPRINT presence and position, the
 * short-term MESSAGE-INTEGRITY check, unknown comprehension-required attributes. One instance per agent; it
 * keeps the last message it read until the next read (single-threaded, like the agent).
 *
 * <p>ice4j's {@code Message.decode} only walks messages that start at index 0 of their array, so every
 * message is first copied into a scratch buffer (connectivity checks are a few per second per stream, not
 * the media path). Public for the load generator's browser (bench), which speaks STUN to the server under test
 * with this codec rather than a second one.
 */
public final class StunCodec {
    static final int HEADER_LENGTH = 20;
    /** Larger than any connectivity check; a bigger datagram that looks like STUN is refused. */
    static final int MAX_MESSAGE_LENGTH = 1280;
    static final int MAGIC_COOKIE = 0x2112A442;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_ERROR_CODE = 0x0009;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;
    private static final int MAX_UNKNOWN = 8;
    /** Chromium's checks carry about 8 attributes; a message with more than this is refused. */
    private static final int MAX_ATTRIBUTES = 32;

    private final byte[] software;
    private final byte[] scratch = new byte[MAX_MESSAGE_LENGTH];
    private final char[] unknown = new char[MAX_UNKNOWN];
    private final int[] wireTypes = new int[MAX_ATTRIBUTES];
    private final int[] wireLengths = new int[MAX_ATTRIBUTES];
    private int wireCount;
    private int unknownCount;
    private int length;
    private int integrityOffset;
    private Message message;

    /** {@code software} is sent in SOFTWARE (RFC 5389 §15.10); it also keeps ice4j from adding its own. */
    public StunCodec(String software) {
        if (software == null || software.isEmpty()) {
            throw new IllegalArgumentException("SOFTWARE value must not be empty");
        }
        this.software = software.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes and reads one signed binding request, so that ice4j loads its classes and its configuration (seconds
     * on a busy machine) at start rather than on the first browser's first check, which would wait that long.
     *
     * @return what reading it back gave ({@link StunOutcome} null when it parsed)
     */
    public static StunOutcome prepare() {
        StunCodec codec = new StunCodec(IceLiteAgent.DEFAULT_SOFTWARE);
        byte[] key = "prepare-the-stun-codec".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[1500];
        int n = codec.write(bindingRequest("a:b", 1, true, 1, false), new byte[12], key, out, 0);
        return n > 0 ? codec.read(out, 0, n) : StunOutcome.DROPPED_NO_ROOM;
    }

    /**
     * RFC 7983 / RFC 5389 §6: the datagram is a STUN message by its first two bits, magic cookie and a length
     * field that matches the datagram. Cheap enough for the demultiplexer on the packet path.
     */
    public static boolean isStun(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return false;
        }
        return (buf[off] & 0xFC) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE
                && readShort(buf, off + 2) + HEADER_LENGTH == len && (len & 3) == 0;
    }

    /**
     * Checks framing, attribute layout and FINGERPRINT, then decodes with ice4j. Returns null when the
     * message is ready to be looked at through the accessors, else the reason to drop it.
     */
    public StunOutcome read(byte[] buf, int off, int len) {
        message = null;
        unknownCount = 0;
        wireCount = 0;
        integrityOffset = -1;
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return StunOutcome.DROPPED_MALFORMED;
        }
        // RFC 7983 §7: STUN starts with 0..3 (DTLS 20..63, RTP 128..191), and RFC 5389 carries the cookie.
        if (len < HEADER_LENGTH || (buf[off] & 0xFC) != 0 || readInt(buf, off + 4) != MAGIC_COOKIE) {
            return StunOutcome.DROPPED_NOT_STUN;
        }
        if (readShort(buf, off + 2) + HEADER_LENGTH != len || (len & 3) != 0 || len > MAX_MESSAGE_LENGTH) {
            return StunOutcome.DROPPED_MALFORMED;
        }
        int end = off + len;
        int pos = off + HEADER_LENGTH;
        int fingerprintAt = -1;
        int integrityAt = -1;
        while (pos < end) {
            if (end - pos < 4 || fingerprintAt >= 0) {
                // RFC 5389 §15.5: FINGERPRINT is the last attribute; anything after it breaks the message.
                return fingerprintAt >= 0 ? StunOutcome.DROPPED_NO_FINGERPRINT : StunOutcome.DROPPED_MALFORMED;
            }
            int type = readShort(buf, pos);
            int attributeLength = readShort(buf, pos + 2);
            int padded = (attributeLength + 3) & ~3;
            if (padded > end - pos - 4 || wireCount == MAX_ATTRIBUTES) {
                return StunOutcome.DROPPED_MALFORMED;
            }
            wireTypes[wireCount] = type;
            wireLengths[wireCount++] = attributeLength;
            if (type == ATTR_FINGERPRINT) {
                if (attributeLength != 4) {
                    return StunOutcome.DROPPED_MALFORMED;
                }
                fingerprintAt = pos;
            } else if (integrityAt < 0) {
                // RFC 5389 §15.4: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored.
                if (type == ATTR_MESSAGE_INTEGRITY) {
                    if (attributeLength != MessageIntegrityAttribute.DATA_LENGTH) {
                        return StunOutcome.DROPPED_MALFORMED;
                    }
                    integrityAt = pos;
                } else if (type < 0x8000 && !isKnownRequired(type) && unknownCount < MAX_UNKNOWN) {
                    unknown[unknownCount++] = (char) type;
                }
            }
            pos += 4 + padded;
        }
        if (fingerprintAt < 0) {
            return StunOutcome.DROPPED_NO_FINGERPRINT;
        }
        byte[] crc = FingerprintAttribute.calculateXorCRC32(buf, off, fingerprintAt - off);
        for (int i = 0; i < 4; i++) {
            if (crc[i] != buf[fingerprintAt + 4 + i]) {
                return StunOutcome.DROPPED_BAD_FINGERPRINT;
            }
        }
        System.arraycopy(buf, off, scratch, 0, len);
        length = len;
        integrityOffset = integrityAt < 0 ? -1 : integrityAt - off;
        try {
            message = Message.decode(scratch, 0, len);
        } catch (StunException | RuntimeException e) {
            // ice4j refuses bodies it cannot parse (short ERROR-CODE, truncated address, ...): not a check.
            message = null;
            return StunOutcome.DROPPED_MALFORMED;
        }
        if (!ice4jSawTheWireLayout()) {
            message = null;
            return StunOutcome.DROPPED_MALFORMED;
        }
        return null;
    }

    /**
     * ice4j steps from attribute to attribute by the length it decoded, not the one on the wire: a
     * fixed-size attribute sent with another length (ICE-CONTROLLING of 4 bytes) would shift its view of
     * everything after. Every attribute it produced must have its wire length, and FINGERPRINT must be among them.
     */
    private boolean ice4jSawTheWireLayout() {
        if (!message.containsAttribute(Attribute.FINGERPRINT)) {
            return false;
        }
        for (Attribute attribute : message.getAttributes()) {
            int wireLength = -1;
            for (int i = 0; i < wireCount; i++) {
                if (wireTypes[i] == attribute.getAttributeType()) {
                    wireLength = wireLengths[i]; // the last one of a type wins, as in ice4j's map
                }
            }
            if (wireLength != attribute.getDataLength()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKnownRequired(int type) {
        return type == 0x0001 || type == ATTR_USERNAME || type == ATTR_MESSAGE_INTEGRITY || type == ATTR_ERROR_CODE
                || type == 0x000A || type == 0x0014 || type == 0x0015 || type == ATTR_XOR_MAPPED_ADDRESS
                || type == ATTR_PRIORITY || type == ATTR_USE_CANDIDATE;
    }

    /** The STUN message type of the last message read (method and class bits). */
    public int messageType() {
        return message.getMessageType();
    }

    Message message() {
        return message;
    }

    public byte[] transactionId() {
        return message.getTransactionID();
    }

    boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    /** Comprehension-required attributes of the last message that we do not understand (RFC 5389 §7.3.1). */
    char[] unknownRequired() {
        char[] copy = new char[unknownCount];
        System.arraycopy(unknown, 0, copy, 0, unknownCount);
        return copy;
    }

    /**
     * RFC 5389 §15.4: HMAC-SHA1 with the header length pointing at the end of MESSAGE-INTEGRITY, computed by
     * ice4j's {@link MessageIntegrityAttribute#calculateHmacSha1}, compared in constant time.
     */
    public boolean integrityMatches(byte[] key) {
        if (integrityOffset < 0 || message == null) {
            return false;
        }
        int storedLength = readShort(scratch, 2);
        writeShort(scratch, 2, integrityOffset + 4 + MessageIntegrityAttribute.DATA_LENGTH - HEADER_LENGTH);
        byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(scratch, 0, integrityOffset, key);
        writeShort(scratch, 2, storedLength);
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            difference |= expected[i] ^ scratch[integrityOffset + 4 + i];
        }
        return difference == 0;
    }

    /** USERNAME as text, or null when absent. */
    public String username() {
        Attribute attribute = message.getAttribute(Attribute.USERNAME);
        if (!(attribute instanceof UsernameAttribute)) {
            return null;
        }
        byte[] value = ((UsernameAttribute) attribute).getUsername();
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** PRIORITY, or -1 when absent. */
    long priority() {
        Attribute attribute = message.getAttribute(Attribute.PRIORITY);
        return attribute instanceof PriorityAttribute ? ((PriorityAttribute) attribute).getPriority() : -1;
    }

    boolean hasControlling() {
        return message.getAttribute(Attribute.ICE_CONTROLLING) instanceof IceControlAttribute;
    }

    boolean hasControlled() {
        return message.getAttribute(Attribute.ICE_CONTROLLED) instanceof IceControlAttribute;
    }

    /** The tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED, whichever is present. */
    long tieBreaker() {
        Attribute attribute = message.getAttribute(Attribute.ICE_CONTROLLING);
        if (!(attribute instanceof IceControlAttribute)) {
            attribute = message.getAttribute(Attribute.ICE_CONTROLLED);
        }
        return attribute instanceof IceControlAttribute ? ((IceControlAttribute) attribute).getTieBreaker() : 0;
    }

    boolean hasUseCandidate() {
        return message.containsAttribute(Attribute.USE_CANDIDATE);
    }

    /** ERROR-CODE as a number (e.g. 487), or 0 when absent. */
    int errorCode() {
        Attribute attribute = message.getAttribute(Attribute.ERROR_CODE);
        return attribute instanceof ErrorCodeAttribute ? ((ErrorCodeAttribute) attribute).getErrorCode() : 0;
    }

    /** XOR-MAPPED-ADDRESS, or null when absent. */
    public InetSocketAddress xorMappedAddress() {
        Attribute attribute = message.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        if (!(attribute instanceof XorMappedAddressAttribute)) {
            return null;
        }
        TransportAddress address = ((XorMappedAddressAttribute) attribute).getAddress(message.getTransactionID());
        return address == null ? null : new InetSocketAddress(address.getAddress(), address.getPort());
    }

    /** RFC 8445 §7.3.1.2: a success response to the last request read, XOR-MAPPED-ADDRESS = its source. */
    public Response successResponse(InetSocketAddress source) {
        return MessageFactory.createBindingResponse((Request) message,
                new TransportAddress(source.getAddress(), source.getPort(), Transport.UDP));
    }

    static Response errorResponse(int code, String reason) {
        return MessageFactory.createBindingErrorResponse((char) code, reason);
    }

    static Response unknownAttributesResponse(char[] types) {
        try {
            return MessageFactory.createBindingErrorResponseUnknownAttributes("Unknown Attribute", types);
        } catch (StunException e) {
            throw new IllegalStateException("ice4j refused a 420 response", e);
        }
    }

    /** RFC 8445 §7.2.2: a connectivity check as we send it (full ICE). */
    public static Request bindingRequest(String username, long priority, boolean controlling, long tieBreaker,
            boolean useCandidate) {
        Request request = MessageFactory.createBindingRequest();
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        request.putAttribute(AttributeFactory.createPriorityAttribute(priority));
        request.putAttribute(controlling ? AttributeFactory.createIceControllingAttribute(tieBreaker)
                : AttributeFactory.createIceControlledAttribute(tieBreaker));
        if (useCandidate) {
            request.putAttribute(AttributeFactory.createUseCandidateAttribute());
        }
        return request;
    }

    /**
     * Encodes with ice4j: our SOFTWARE, then the message's attributes, then MESSAGE-INTEGRITY with {@code key}
     * (none when null: RFC 5389 §10.1.2 forbids it on 400/401) and FINGERPRINT. Returns the length written
     * at {@code out[outOff]}, or -1 when it does not fit.
     */
    public int write(Message outgoing, byte[] transactionId, byte[] key, byte[] out, int outOff) {
        try {
            outgoing.setTransactionID(transactionId);
        } catch (StunException e) {
            throw new IllegalArgumentException("transaction ID must be 12 bytes", e);
        }
        // SOFTWARE first, as RFC 5769 lays messages out; putAttribute appends, so re-add the others after it.
        List<Attribute> body = outgoing.getAttributes();
        for (Attribute attribute : body) {
            outgoing.removeAttribute(attribute.getAttributeType());
        }
        outgoing.putAttribute(AttributeFactory.createSoftwareAttribute(software));
        for (Attribute attribute : body) {
            outgoing.putAttribute(attribute);
        }
        if (key != null) {
            outgoing.putAttribute(new ShortTermIntegrity(key));
        }
        outgoing.putAttribute(AttributeFactory.createFingerprintAttribute());
        byte[] encoded = outgoing.encode(null);
        if (out == null || outOff < 0 || outOff > out.length - encoded.length) {
            return -1;
        }
        System.arraycopy(encoded, 0, out, outOff, encoded.length);
        return encoded.length;
    }

    static int readShort(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    static int readInt(byte[] buf, int at) {
        return (readShort(buf, at) << 16) | readShort(buf, at + 2);
    }

    private static void writeShort(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >> 8);
        buf[at + 1] = (byte) value;
    }
}
