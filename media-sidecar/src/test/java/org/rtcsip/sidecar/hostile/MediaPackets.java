package org.rtcsip.sidecar.hostile;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Hostile datagrams of every kind a media port demultiplexes (RFC 7983: STUN 0-3, DTLS 20-63, RTP and RTCP
 * 128-191, RFC 5761 by payload type), each lying in the way parsers get wrong: RTP whose CSRC count, padding or
 * header extension claims more than the packet has, RTCP whose length fields lie, STUN whose attributes overrun the
 * message or carry a broken MESSAGE-INTEGRITY, DTLS records and handshake fragments with wrong lengths, datagrams of
 * 64 KB, and plain random bytes.
 */
enum MediaPackets {
    RTP_BAD_CSRC_COUNT {
        @Override
        byte[] make(Random r) {
            int cc = 1 + r.nextInt(15);
            byte[] p = rtp(r, r.nextInt(4 * cc));
            p[0] = (byte) (0x80 | cc | (r.nextBoolean() ? 0x10 : 0));
            return p;
        }
    },
    RTP_BAD_PADDING {
        @Override
        byte[] make(Random r) {
            byte[] p = rtp(r, r.nextInt(200));
            p[0] |= 0x20;
            p[p.length - 1] = (byte) (r.nextBoolean() ? 0 : p.length - 12 + 1 + r.nextInt(200));
            return p;
        }
    },
    RTP_BAD_EXTENSION_LENGTH {
        @Override
        byte[] make(Random r) {
            byte[] p = rtp(r, 4 + r.nextInt(200));
            p[0] |= 0x10;
            // RFC 8285 one-byte (0xBEDE) or two-byte (0x100x) profile, or any; a length in words that overruns
            int profile = new int[] {0xBEDE, 0x1000, r.nextInt(0x10000)}[r.nextInt(3)];
            p[12] = (byte) (profile >> 8);
            p[13] = (byte) profile;
            int words = r.nextBoolean() ? 0xFFFF : (p.length - 16) / 4 + 1 + r.nextInt(10);
            p[14] = (byte) (words >> 8);
            p[15] = (byte) words;
            if (p.length > 16 && r.nextBoolean()) {
                p[16] = (byte) 0x1F; // one-byte element: id 1, length 16, past the end
            }
            return p;
        }
    },
    RTP_TRUNCATED_OR_BAD_VERSION {
        @Override
        byte[] make(Random r) {
            byte[] p = rtp(r, r.nextInt(40));
            if (r.nextBoolean()) {
                return java.util.Arrays.copyOf(p, 1 + r.nextInt(11));
            }
            p[0] = (byte) ((p[0] & 0x3F) | (r.nextInt(3) << 6)); // version 0, 1 or 2 with odd bits
            return p;
        }
    },
    RTP_LYING_CONTENT {
        @Override
        byte[] make(Random r) {
            // a well-formed header that lies about what follows: payload types in the RTCP range (RFC 5761),
            // marker storms, sequence and timestamp jumps, zero-length payloads
            byte[] p = rtp(r, r.nextInt(3) == 0 ? 0 : r.nextInt(1200));
            p[1] = (byte) (r.nextBoolean() ? 64 + r.nextInt(32) : r.nextInt(256));
            return p;
        }
    },
    RTCP_LYING_LENGTHS {
        @Override
        byte[] make(Random r) {
            int type = 200 + r.nextInt(8); // SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR
            int blocks = r.nextInt(32);
            ByteBuffer b = ByteBuffer.allocate(8 + r.nextInt(120));
            b.put((byte) (0x80 | blocks | (r.nextBoolean() ? 0x20 : 0))).put((byte) type);
            int words = new int[] {0, 0xFFFF, b.capacity() / 4 + r.nextInt(50), r.nextInt(4)}[r.nextInt(4)];
            b.putShort((short) words).putInt(r.nextInt());
            while (b.hasRemaining()) {
                b.put((byte) r.nextInt(256));
            }
            byte[] p = b.array();
            if (r.nextBoolean() && p.length >= 16) {
                // a second packet of the compound that lies, after a first one that is right
                p[2] = 0;
                p[3] = 1;
                p[8] = (byte) 0x81;
                p[9] = (byte) (200 + r.nextInt(8));
                p[10] = (byte) 0xFF;
                p[11] = (byte) 0xFF;
            }
            return p;
        }
    },
    STUN_BAD_ATTRIBUTES {
        @Override
        byte[] make(Random r) {
            ByteBuffer b = ByteBuffer.allocate(20 + 4 * r.nextInt(60));
            b.putShort((short) new int[] {0x0001, 0x0101, 0x0111, 0x0011, r.nextInt(0x4000)}[r.nextInt(5)]);
            int length = r.nextInt(3) == 0 ? r.nextInt(0x10000) : b.capacity() - 20;
            b.putShort((short) length).putInt(0x2112A442);
            byte[] tid = new byte[12];
            r.nextBytes(tid);
            b.put(tid);
            while (b.remaining() >= 4) {
                // USERNAME, MESSAGE-INTEGRITY, FINGERPRINT, PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, unknown
                int type = new int[] {0x0006, 0x0008, 0x8028, 0x0024, 0x0025, 0x802A, 0x0000, r.nextInt(0x10000)}
                        [r.nextInt(8)];
                int attrLength = r.nextInt(4) == 0 ? r.nextInt(0x10000) : r.nextInt(Math.max(1, b.remaining() - 3));
                b.putShort((short) type).putShort((short) attrLength);
                int fill = Math.min(b.remaining(), (attrLength + 3) & ~3);
                for (int i = 0; i < fill; i++) {
                    b.put((byte) r.nextInt(256));
                }
            }
            return b.array();
        }
    },
    DTLS_BAD_LENGTHS {
        @Override
        byte[] make(Random r) {
            int body = r.nextInt(300);
            ByteBuffer b = ByteBuffer.allocate(13 + body);
            b.put((byte) (20 + r.nextInt(44))); // content type 20-63: DTLS by RFC 7983
            b.putShort((short) (r.nextBoolean() ? 0xFEFD : r.nextInt(0x10000)));
            b.putShort((short) r.nextInt(3)).putShort((short) 0).putInt(r.nextInt()); // epoch, sequence
            int length = new int[] {body, 0, 0xFFFF, body + 1 + r.nextInt(100)}[r.nextInt(4)];
            b.putShort((short) length);
            if (body >= 12) {
                // a handshake header whose lengths lie: ClientHello, a fragment beyond the message
                b.put((byte) 1).put((byte) 0xFF).putShort((short) r.nextInt(0x10000));
                b.putShort((short) r.nextInt(3));
                b.put((byte) 0).putShort((short) r.nextInt(0x10000));
                b.put((byte) 0xFF).putShort((short) 0xFFFF);
            }
            while (b.hasRemaining()) {
                b.put((byte) r.nextInt(256));
            }
            return b.array();
        }
    },
    DATAGRAMS_OF_64_KB {
        @Override
        byte[] make(Random r) {
            byte[] p = new byte[65_507];
            r.nextBytes(p);
            // each class the demultiplexer knows: STUN, DTLS, RTP, RTCP, other
            p[0] = (byte) new int[] {0x00, 0x16, 0x80, 0x80, 0x55}[r.nextInt(5)];
            p[1] = (byte) (r.nextBoolean() ? 0 : 200);
            return p;
        }
    },
    RANDOM_BYTES {
        @Override
        byte[] make(Random r) {
            byte[] p = new byte[r.nextInt(1500)];
            r.nextBytes(p);
            return p;
        }
    };

    abstract byte[] make(Random r);

    /** A plain RTP packet (RFC 3550 §5.1) with a random SSRC and {@code payload} random bytes. */
    static byte[] rtp(Random r, int payload) {
        byte[] p = new byte[12 + payload];
        r.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = (byte) (r.nextBoolean() ? 0 : 111);
        return p;
    }
}
