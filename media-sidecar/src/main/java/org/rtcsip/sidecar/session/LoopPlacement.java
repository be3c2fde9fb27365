package org.rtcsip.sidecar.session;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Which media loop a call lives on: a new call goes to the loop with the least load, and stays there while it exists
 * or a request about it is on its way.
 *
 * <p>It was a hash of the Call-ID. Real Call-IDs are random, so the loops' shares were too: of 100 calls on 4 loops
 * (25 each on average) the busiest loop got 30 or more in half of 20000 draws of random Call-IDs, 34 or more in one
 * of ten, and a loop's calls all wait for it. A transcoded call costs about as much as 14 relayed ones, so a few
 * transcoded calls hashed together made one loop, and every call on it, late while the others idled. Load here is
 * each loop's calls weighed by what they cost: 1 for a call, plus {@value #TRANSCODED_STREAM_WEIGHT} for each
 * transcoded stream (direction).
 *
 * <p>Control path only (ng requests, call set-up and tear-down): a lock, no packet ever takes it. A call's place is
 * held from the request that creates it ({@link #enter}) until the call has ended and no request about it is queued,
 * so every request about a call, and the call itself, run on one loop.
 */
public final class LoopPlacement {
    /**
     * What transcoding one direction adds to a call's weight of 1: the bench's transcoded frame pair (both directions)
     * costs about 250 us per 20 ms, a relayed call's two packets about 2 x 9 us, so a transcoded call weighs 1 + 2 x 7.
     */
    public static final int TRANSCODED_STREAM_WEIGHT = 7;

    /** One call's place: its loop, its weight there, and what still holds it. */
    public static final class Place {
        final String callId;
        final int loop;
        int weight;
        int requests;
        boolean live;

        Place(String callId, int loop) {
            this.callId = callId;
            this.loop = loop;
        }

        public int loop() {
            return loop;
        }
    }

    private final int loops;
    private final Map<String, Place> places = new HashMap<>();
    private final long[] load;
    private final int[] calls;
    private final Random random;

    public LoopPlacement(int loops) {
        this(loops, new Random());
    }

    /** @param random picks among equally loaded loops */
    LoopPlacement(int loops, Random random) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops: " + loops);
        }
        this.loops = loops;
        this.load = new long[loops];
        this.calls = new int[loops];
        this.random = random;
    }

    /**
     * A request about {@code callId} is about to be queued on the returned place's loop: a known call's loop, else
     * the lightest. Every place entered must be {@link #left} once the request has run (or could not be queued).
     */
    public synchronized Place enter(String callId) {
        Place place = places.get(callId);
        if (place == null) {
            place = new Place(callId, lightest());
            place.weight = 1;
            places.put(callId, place);
            load[place.loop] += place.weight;
            calls[place.loop]++;
        }
        place.requests++;
        return place;
    }

    /** The request that entered {@code place} has run. */
    public synchronized void left(Place place) {
        place.requests--;
        forgetIfFree(place);
    }

    /** The loop of {@code callId}: where its requests run. A call no request placed (tests) goes by its hash. */
    public synchronized int loopOf(String callId) {
        Place place = places.get(callId);
        return place != null ? place.loop : Math.floorMod(callId.hashCode(), loops);
    }

    /** A call now exists on {@code loop} with this weight (its set-up, or a re-negotiation, changed what it costs). */
    public synchronized void live(String callId, int loop, int weight) {
        Place place = places.get(callId);
        if (place == null) { // set up without a request (tests)
            place = new Place(callId, loop);
            places.put(callId, place);
            calls[loop]++;
        } else if (place.loop != loop) {
            throw new IllegalStateException("call " + callId + " placed on loop " + place.loop + ", set up on " + loop);
        }
        load[loop] += weight - place.weight;
        place.weight = weight;
        place.live = true;
    }

    /** The call {@code callId} has ended; its place goes when no request about it is queued any more. */
    public synchronized void ended(String callId) {
        Place place = places.get(callId);
        if (place != null) {
            place.live = false;
            forgetIfFree(place);
        }
    }

    /** Places on each loop: calls, and requests about calls not (or no longer) set up while they are queued. */
    public synchronized int[] callsPerLoop() {
        return calls.clone();
    }

    /** The weighed load of each loop. */
    public synchronized long[] loadPerLoop() {
        return load.clone();
    }

    /** Places held: calls, and requests about calls not (or no longer) set up. */
    public synchronized int size() {
        return places.size();
    }

    /** The weight of a call: 1, plus {@link #TRANSCODED_STREAM_WEIGHT} per transcoded stream. */
    public static int weightOf(Call call) {
        int weight = 1;
        for (Leg leg : call.legs) {
            for (MediaStream s : leg.streams) {
                if (s.transcoding()) {
                    weight += TRANSCODED_STREAM_WEIGHT;
                }
            }
        }
        return weight;
    }

    private void forgetIfFree(Place place) {
        if (place.requests == 0 && !place.live && places.remove(place.callId, place)) {
            load[place.loop] -= place.weight;
            calls[place.loop]--;
        }
    }

    /**
     * The least loaded loop; among equals a random one. Taking turns instead (0, 1, 0, 1...) tied the loop to the
     * order calls arrive in: the bench's generator reads call n on its receive thread n % 2, and with each sidecar loop
     * feeding one of its threads the added latency's p50 rose from 0.6 to 0.9-1.3 ms at 120 transcoded calls.
     */
    private int lightest() {
        long least = Long.MAX_VALUE;
        int ties = 0;
        int best = 0;
        for (int loop = 0; loop < loops; loop++) {
            if (load[loop] < least) {
                least = load[loop];
                best = loop;
                ties = 1;
            } else if (load[loop] == least && random.nextInt(++ties) == 0) {
                best = loop; // each of the equals kept with chance 1/ties: a uniform pick in one pass
            }
        }
        return best;
    }
}
