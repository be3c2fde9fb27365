package org.rtcsip.sidecar.ng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CookieCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final CookieCache cache = new CookieCache(now::get);
    private final InetSocketAddress kamailio = new InetSocketAddress("127.0.0.1", 40000);
    private final List<byte[]> replies = new ArrayList<>();

    @Test
    void retransmissionAfterCompletionGetsTheStoredReplyWithoutRunning() {
        assertTrue(cache.begin(kamailio, bytes("0_11264_7"), replies::add));
        cache.complete(kamailio, bytes("0_11264_7"), new byte[] {1});
        assertFalse(cache.begin(kamailio, bytes("0_11264_7"), replies::add));
        assertEquals(1, replies.size());
        assertArrayEquals(new byte[] {1}, replies.get(0));
    }

    @Test
    void retransmissionWhileRunningWaitsForTheSameReply() {
        assertTrue(cache.begin(kamailio, bytes("c"), replies::add));
        assertFalse(cache.begin(kamailio, bytes("c"), replies::add));
        assertTrue(replies.isEmpty());
        cache.complete(kamailio, bytes("c"), new byte[] {9});
        assertEquals(1, replies.size(), "the waiting retransmission is answered on completion");
    }

    @Test
    void sameCookieFromAnotherPeerRunsAgain() {
        assertTrue(cache.begin(kamailio, bytes("c"), replies::add));
        cache.complete(kamailio, bytes("c"), new byte[] {1});
        assertTrue(cache.begin(new InetSocketAddress("127.0.0.1", 40001), bytes("c"), replies::add));
    }

    @Test
    void repliesAreForgottenAfterTwoGenerations() {
        cache.begin(kamailio, bytes("c"), replies::add);
        cache.complete(kamailio, bytes("c"), new byte[] {1});
        now.addAndGet(CookieCache.GENERATION_NANOS);
        assertFalse(cache.begin(kamailio, bytes("c"), replies::add), "kept in the previous generation");
        now.addAndGet(CookieCache.GENERATION_NANOS);
        assertTrue(cache.begin(kamailio, bytes("c"), replies::add), "gone after 60 s");
    }

    @Test
    void cookiesAreMatchedByteForByteNotAsText() {
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, '1'};
        byte[] sameAsText = {(byte) 0xff, (byte) 0xfd, '1'}; // both decode to "\ufffd\ufffd1" as UTF-8
        assertTrue(cache.begin(kamailio, notUtf8, replies::add));
        cache.complete(kamailio, notUtf8, new byte[] {1});
        assertTrue(cache.begin(kamailio, sameAsText, replies::add), "another cookie: runs");
        assertFalse(cache.begin(kamailio, notUtf8.clone(), replies::add), "the same bytes: the stored reply");
    }

    private static byte[] bytes(String cookie) {
        return cookie.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
