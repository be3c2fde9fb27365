package org.rtcsip.sidecar.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LoopPlacementTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** A Call-ID as user agents make them: random characters (JsSIP: 22 of them). */
    private static String randomCallId(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** What a call's offer does: enter, set the call up, leave. */
    private static int setUp(LoopPlacement placement, String callId, int weight) {
        LoopPlacement.Place place = placement.enter(callId);
        placement.live(callId, place.loop(), weight);
        placement.left(place);
        return place.loop();
    }

    @Test
    void randomCallIdsAreSpreadEvenlyWhereTheirHashWasNot() {
        Random random = new Random(7);
        LoopPlacement placement = new LoopPlacement(4);
        int[] byHash = new int[4];
        for (int i = 0; i < 100; i++) {
            String callId = randomCallId(random);
            setUp(placement, callId, 1);
            byHash[Math.floorMod(callId.hashCode(), 4)]++;
        }
        assertArrayEquals(new int[] {25, 25, 25, 25}, placement.callsPerLoop());
        assertArrayEquals(new long[] {25, 25, 25, 25}, placement.loadPerLoop());
        // the same Call-IDs by hash, as before: this seed's busiest loop gets more than its share
        assertTrue(Arrays.stream(byHash).max().getAsInt() > 25, Arrays.toString(byHash));
    }

    @Test
    void aTranscodedCallWeighsAsMuchAsTheRelayedCallsOfTheOtherLoops() {
        LoopPlacement placement = new LoopPlacement(2);
        int weight = 1 + 2 * LoopPlacement.TRANSCODED_STREAM_WEIGHT;
        int transcoded = setUp(placement, "transcoded", weight);
        int elsewhere = 0;
        for (int i = 0; i < weight; i++) {
            if (setUp(placement, "relayed-" + i, 1) != transcoded) {
                elsewhere++;
            }
        }
        assertEquals(weight, elsewhere, "the relayed calls fill the other loop up to the transcoded call's weight");
        assertArrayEquals(new long[] {weight, weight}, placement.loadPerLoop());
        int[] calls = placement.callsPerLoop();
        assertEquals(1, calls[transcoded]);
        assertEquals(weight, calls[1 - transcoded]);
    }

    @Test
    void amongEquallyLoadedLoopsThePickIsNotTiedToTheOrderCallsArriveIn() {
        LoopPlacement placement = new LoopPlacement(2, new Random(11));
        int evenOnLoopZero = 0;
        for (int i = 0; i < 1000; i++) {
            int loop = setUp(placement, "call-" + i, 1);
            if (i % 2 == 0 && loop == 0) {
                evenOnLoopZero++;
            }
        }
        assertArrayEquals(new int[] {500, 500}, placement.callsPerLoop());
        // taking turns put every even call on loop 0 (500): a client handling call n on its thread n % 2 then had
        // each loop feeding one of its threads
        assertTrue(evenOnLoopZero > 200 && evenOnLoopZero < 300, "even calls on loop 0: " + evenOnLoopZero);
    }

    @Test
    void aCallsRequestsAllGoToItsLoopAndItsPlaceGoesWithTheLastOfThem() {
        LoopPlacement placement = new LoopPlacement(4);
        setUp(placement, "other", 1);
        LoopPlacement.Place offer = placement.enter("call");
        int loop = offer.loop();
        assertNotEquals(placement.loopOf("other"), loop);
        placement.live("call", loop, 1);
        placement.left(offer);
        LoopPlacement.Place answer = placement.enter("call");
        assertEquals(loop, answer.loop());
        LoopPlacement.Place reInvite = placement.enter("call"); // queued behind the answer
        placement.left(answer);
        placement.ended("call"); // a timeout ends the call while the re-INVITE's offer waits for the loop
        assertEquals(loop, placement.loopOf("call"), "the queued request's call stays on its loop");
        placement.live("call", loop, 1); // that offer sets the call up again, where it runs
        placement.left(reInvite);
        assertEquals(2, placement.size());
        placement.ended("call");
        assertEquals(1, placement.size());
        int[] calls = placement.callsPerLoop();
        assertEquals(0, calls[loop]);
        assertEquals(0, placement.loadPerLoop()[loop]);
    }

    @Test
    void aRequestAboutNoCallLeavesNothingBehind() {
        LoopPlacement placement = new LoopPlacement(3);
        for (int i = 0; i < 10; i++) {
            placement.left(placement.enter("unknown-" + i)); // a delete or query of a call that is not there
        }
        LoopPlacement.Place refused = placement.enter("refused");
        placement.left(refused); // an offer answered with an error: no call was set up
        assertEquals(0, placement.size());
        assertArrayEquals(new int[3], placement.callsPerLoop());
        assertArrayEquals(new long[3], placement.loadPerLoop());
    }

    @Test
    void aCallSetUpOnAnotherLoopThanItsPlaceIsABug() {
        LoopPlacement placement = new LoopPlacement(2);
        LoopPlacement.Place place = placement.enter("call");
        assertThrows(IllegalStateException.class, () -> placement.live("call", 1 - place.loop(), 1));
    }

    @Test
    void aCallSetUpWithoutARequestGoesByItsHash() {
        LoopPlacement placement = new LoopPlacement(4);
        int hash = Math.floorMod("direct".hashCode(), 4);
        assertEquals(hash, placement.loopOf("direct"));
        placement.live("direct", hash, 3);
        assertEquals(1, placement.callsPerLoop()[hash]);
        assertEquals(3, placement.loadPerLoop()[hash]);
        placement.ended("direct");
        assertEquals(0, placement.size());
    }
}
