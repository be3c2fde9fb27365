package org.rtcsip.kamailio.control;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.rtcsip.kamailio.rpc.KamailioException;
import org.rtcsip.kamailio.rpc.KamailioUnreachableException;
import org.rtcsip.kamailio.rpc.NotFoundException;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.kamailio.rpc.RtpengineReply;

/**
 * Keeps one sidecar's ng URL in Kamailio's rtpengine set and reads Kamailio's state, with the time
 * as an argument: {@link #runDue(long)} does what is due at {@code now} and says when to call again
 * ({@link OpsControllerLoop} does that on a thread). Not thread-safe except {@link #ready()},
 * {@link #drain()} and the read-only views, which any thread may call.
 *
 * <ul>
 *   <li>{@link #ready()}: {@code rtpengine.enable <ngUrl> 1} (Kamailio pings the sidecar, then sends
 *       it new calls), retried with backoff until Kamailio says yes.</li>
 *   <li>{@link #drain()}: {@code rtpengine.enable <ngUrl> 0}, a permanent disable: no new calls, while
 *       Kamailio with {@code rtpengine_allow_op 2} still sends the calls in progress here
 *       (ng-protocol.md §4.3). Retried with backoff; sent again if a restarted Kamailio enabled the
 *       URL again. A drain is final: {@code ready()} after it does nothing.</li>
 *   <li>Every poll interval: statistics and {@code rtpengine.show} into a {@link KamailioSnapshot}.</li>
 * </ul>
 *
 * <p>Kamailio being down is a state, not an error storm: one log line when it stops answering, one
 * when it answers again, one per distinct other problem; the metrics show the rest.
 */
public final class OpsController {

    /** How often Kamailio's state is read unless told otherwise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final long NEVER = Long.MAX_VALUE;
    private static final String[] POLLED_GROUPS = {"websocket", "usrloc", "dialog"};

    /** Where this sidecar stands in Kamailio's rtpengine set, as far as the controller made it stand. */
    public enum Membership {
        /** the sidecar is not ready yet: nothing asked of Kamailio */
        NOT_READY,
        /** enabling; Kamailio has not said yes yet (down, or its ping got no answer) */
        ENABLING,
        /** Kamailio sends this sidecar new calls */
        ENABLED,
        /** draining; Kamailio has not confirmed the disable yet */
        DISABLING,
        /** disabled for the drain: Kamailio sends no new calls */
        DISABLED
    }

    /** Where the controller's log lines go, one line each. */
    public interface Log {
        void info(String line);

        void warning(String line);
    }

    private enum Wanted { NOTHING, ENABLED, DISABLED }

    private final ControllerRpc kamailio;
    private final String ngUrl;
    private final long pollMillis;
    private final Log log;
    private final RetryBackoff backoff = new RetryBackoff(FIRST_RETRY, MAX_RETRY);
    private final AtomicReference<Wanted> wanted = new AtomicReference<>(Wanted.NOTHING);
    private final AtomicLong rpcFailures = new AtomicLong();

    private Wanted actingOn = Wanted.NOTHING;
    private long nextMembershipAttempt = NEVER;
    private long nextPoll = 0;
    private long firstAttemptMillis;
    /** The last membership problem logged, so that a repeat is not logged again. */
    private String loggedProblem;
    /** The last poll problem logged (Kamailio answered, but not what the poll needs). */
    private String loggedPollProblem;
    private boolean down;
    private long downSinceMillis;
    private RtpengineNode.State ownState;
    private boolean ownUrlMissingLogged;

    private volatile Membership membership = Membership.NOT_READY;
    private volatile boolean disableAttempted;
    private volatile KamailioSnapshot snapshot = KamailioSnapshot.NOT_POLLED;

    /**
     * @param kamailio     the RPC calls; reads should not retry on their own (the controller retries)
     * @param ngUrl        this sidecar exactly as kamailio.cfg's {@code rtpengine_sock} writes it
     *                     ({@code udp:10.0.0.5:2223}): Kamailio matches the string, not the address
     * @param pollInterval how often to read Kamailio's state
     */
    public OpsController(ControllerRpc kamailio, String ngUrl, Duration pollInterval, Log log) {
        this.kamailio = Objects.requireNonNull(kamailio, "kamailio");
        this.ngUrl = Objects.requireNonNull(ngUrl, "ngUrl");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        this.pollMillis = pollInterval.toMillis();
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The sidecar serves calls: put it into Kamailio's set. Ignored once draining. */
    public void ready() {
        wanted.compareAndSet(Wanted.NOTHING, Wanted.ENABLED);
    }

    /** The sidecar drains: take it out of Kamailio's set for new calls. Final. */
    public void drain() {
        wanted.set(Wanted.DISABLED);
    }

    /** Does what is due at {@code nowMillis}; returns when to be called again (earlier is harmless). */
    public long runDue(long nowMillis) {
        Wanted want = wanted.get();
        if (want != actingOn) {
            actingOn = want;
            backoff.reset();
            loggedProblem = null;
            firstAttemptMillis = nowMillis;
            nextMembershipAttempt = nowMillis;
            membership = want == Wanted.ENABLED ? Membership.ENABLING : Membership.DISABLING;
        }
        // one thing can make another due at once (a poll that finds Kamailio back, an enable that wants a
        // fresh poll): a few passes, bounded
        for (int pass = 0; pass < 3; pass++) {
            boolean acted = false;
            if (nowMillis >= nextMembershipAttempt) {
                changeMembership(nowMillis);
                acted = true;
            }
            if (nowMillis >= nextPoll) {
                poll(nowMillis);
                acted = true;
            }
            if (!acted) {
                break;
            }
        }
        long next = Math.min(nextMembershipAttempt, nextPoll);
        return next > nowMillis ? next : nowMillis + FIRST_RETRY.toMillis();
    }

    public Membership membership() {
        return membership;
    }

    /**
     * Whether a drain has told Kamailio, or tried to at least once: the moment a drained sidecar with
     * no call left may exit (a Kamailio that is down learns it from its failing pings instead).
     */
    public boolean disableAttempted() {
        return disableAttempted;
    }

    public KamailioSnapshot snapshot() {
        return snapshot;
    }

    /** JSON-RPC calls that failed (no answer, or a fault), polls and membership changes together. */
    public long rpcFailures() {
        return rpcFailures.get();
    }

    public String ngUrl() {
        return ngUrl;
    }

    public String rpcUrl() {
        return kamailio.url();
    }

    // ---- membership ----

    private void changeMembership(long now) {
        boolean enable = actingOn == Wanted.ENABLED;
        try {
            RtpengineReply reply = kamailio.rtpengineEnable(ngUrl, enable);
            answered(now);
            if (reply.failed()) {
                retry(now, "Kamailio pinged " + ngUrl + " and got no answer, so it keeps the sidecar disabled "
                        + "(is --kamailio-ng-url the address Kamailio reaches listen-ng at?)");
                return;
            }
            int attempts = backoff.failures() + 1;
            backoff.reset();
            loggedProblem = null;
            nextMembershipAttempt = NEVER;
            String took = attempts == 1 ? "" : " (after " + attempts + " attempts in "
                    + seconds(now - firstAttemptMillis) + ")";
            if (enable) {
                membership = Membership.ENABLED;
                ownState = RtpengineNode.State.ENABLED;
                log.info("enabled " + ngUrl + " in Kamailio's rtpengine set at " + kamailio.url()
                        + ": Kamailio sends this sidecar new calls" + took);
                nextPoll = now; // show the new state at once
            } else {
                membership = Membership.DISABLED;
                log.info("disabled " + ngUrl + " in Kamailio's rtpengine set at " + kamailio.url()
                        + " (permanent until enabled again): no new calls; calls in progress continue" + took);
                ownState = RtpengineNode.State.DISABLED_PERMANENTLY;
            }
        } catch (KamailioUnreachableException e) {
            unreachable(now, e);
            nextMembershipAttempt = now + backoff.failed();
        } catch (NotFoundException e) {
            retry(now, ngUrl + " is not in Kamailio's rtpengine_sock (" + e.getMessage() + "): set "
                    + "--kamailio-ng-url to the URL exactly as kamailio.cfg writes it");
        } catch (KamailioException e) {
            answered(now);
            retry(now, "rtpengine.enable " + ngUrl + " " + (enable ? 1 : 0) + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            retry(now, "rtpengine.enable " + ngUrl + " " + (enable ? 1 : 0) + " failed: " + e);
        } finally {
            if (!enable) {
                disableAttempted = true;
            }
        }
    }

    /** Kamailio answered, but not yes: log the problem once, try again after the backoff. */
    private void retry(long now, String problem) {
        rpcFailures.incrementAndGet();
        long wait = backoff.failed();
        nextMembershipAttempt = now + wait;
        if (!problem.equals(loggedProblem)) {
            loggedProblem = problem;
            log.warning(problem + "; retrying with backoff (at most every " + seconds(backoff.maxMillis()) + ")");
        }
    }

    // ---- reachability ----

    private void unreachable(long now, KamailioUnreachableException e) {
        rpcFailures.incrementAndGet();
        snapshot = KamailioSnapshot.failed(now, false, e.getMessage());
        if (!down) {
            down = true;
            downSinceMillis = now;
            log.warning(e.getMessage() + "; the sidecar keeps serving media"
                    + (nextMembershipAttempt == NEVER ? "" : " and retries " + action() + " with backoff"));
        }
    }

    private void answered(long now) {
        if (down) {
            down = false;
            log.info("Kamailio at " + kamailio.url() + " answers now, after " + seconds(now - downSinceMillis)
                    + " unreachable");
            if (nextMembershipAttempt != NEVER) {
                nextMembershipAttempt = now; // no need to sit out the backoff any longer
            }
        }
    }

    private String action() {
        return "rtpengine.enable " + ngUrl + " " + (actingOn == Wanted.ENABLED ? 1 : 0);
    }

    // ---- polling ----

    private void poll(long now) {
        nextPoll = now + pollMillis;
        try {
            var statistics = kamailio.statistics(POLLED_GROUPS);
            List<RtpengineNode> nodes = kamailio.rtpengineShow();
            answered(now);
            loggedPollProblem = null;
            snapshot = KamailioSnapshot.answered(now, statistics, nodes);
            watchOwnState(now, nodes);
        } catch (KamailioUnreachableException e) {
            unreachable(now, e);
        } catch (KamailioException e) {
            answered(now);
            pollFailed(now, e.getMessage());
        } catch (RuntimeException e) {
            pollFailed(now, e.toString());
        }
    }

    private void pollFailed(long now, String problem) {
        rpcFailures.incrementAndGet();
        snapshot = KamailioSnapshot.failed(now, true, problem);
        if (!problem.equals(loggedPollProblem)) {
            loggedPollProblem = problem;
            log.warning("cannot read Kamailio's state for the metrics: " + problem);
        }
    }

    /** Logs what Kamailio did to this sidecar's URL by itself (or an operator did), once per change. */
    private void watchOwnState(long now, List<RtpengineNode> nodes) {
        RtpengineNode own = null;
        for (RtpengineNode node : nodes) {
            if (node.url().equals(ngUrl) && (own == null || node.enabled())) {
                own = node;
            }
        }
        if (own == null) {
            if (!ownUrlMissingLogged) {
                ownUrlMissingLogged = true;
                log.warning(ngUrl + " is not in Kamailio's rtpengine set (rtpengine.show lists "
                        + nodes.stream().map(RtpengineNode::url).distinct().toList() + "): Kamailio sends this "
                        + "sidecar no calls; set --kamailio-ng-url to the URL exactly as kamailio.cfg writes it");
            }
            ownState = null;
            return;
        }
        ownUrlMissingLogged = false;
        RtpengineNode.State before = ownState;
        ownState = own.state();
        if (actingOn == Wanted.DISABLED && own.state() == RtpengineNode.State.ENABLED
                && membership == Membership.DISABLED) {
            // a restarted Kamailio starts with every node of its cfg enabled
            log.warning("Kamailio lists " + ngUrl + " as enabled again (restarted?): disabling it again for the drain");
            membership = Membership.DISABLING;
            backoff.reset();
            firstAttemptMillis = now;
            nextMembershipAttempt = now;
            return;
        }
        if (before == null || before == own.state()) {
            return;
        }
        switch (own.state()) {
            case DISABLED -> log.warning("Kamailio disabled " + ngUrl + ": an ng request or ping got no answer "
                    + "in time; it pings the sidecar again "
                    + (own.recheckSeconds() == null ? "later" : "in " + own.recheckSeconds() + " s"));
            case DISABLED_PERMANENTLY -> log.warning(ngUrl + " was disabled in Kamailio (rtpengine.enable 0, "
                    + "e.g. by an operator): no new calls until it is enabled again");
            case ENABLED -> log.info("Kamailio sends " + ngUrl + " new calls again (enabled)");
        }
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
