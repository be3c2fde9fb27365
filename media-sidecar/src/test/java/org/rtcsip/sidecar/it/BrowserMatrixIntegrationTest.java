package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcsip.testbed.browser.Browser;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.ng.FlagRewritingNgProxy;
import org.rtcsip.testbed.ng.OperatorFlags;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.repo.Repository;
import org.rtcsip.testbed.sidecar.SidecarProcess;

/**
 * The cells of the README's browser matrix that {@link SidecarBrowserIntegrationTest} and
 * {@link SidecarFirefoxIntegrationTest} (max-bundle, the shipped cfg) leave: each browser at the other bundle
 * policies ({@code balanced}, {@code max-compat}) in both call directions; and at {@code max-bundle} behind the flag
 * strings operators' kamailio.cfg files pass instead of the shipped ones ({@link OperatorFlags}: havfo/WEBRTC-to-SIP
 * without generate-mid, the bare minimum), played by a {@link FlagRewritingNgProxy} between Kamailio and the
 * sidecar. Every cell: the call completes, each side hears the other's tone, and the SDP the browser got carries the
 * a=mid and a=group:BUNDLE it needs. One namespace (dead-end route: Firefox needs it, Chromium pairs there too),
 * one sidecar, one Kamailio per flag set; the transport (ws today) is one more column when wss and TURN come.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserMatrixIntegrationTest {
    private static final Duration TALK_TIME = Duration.ofSeconds(6);

    /** One cell: who calls, which browser at which bundle policy, behind which flags, over which transport. */
    record Cell(Browser browser, String bundlePolicy, BrowserCall.Direction direction, OperatorFlags flags,
            String transport) {
        @Override
        public String toString() {
            return browser.optionValue() + " " + transport + " " + bundlePolicy + " "
                    + (direction == BrowserCall.Direction.BROWSER_CALLS_TRUNK ? "browser->trunk" : "trunk->browser")
                    + " " + flags;
        }
    }

    private LoopbackNamespace namespace;
    private SidecarProcess sidecar;
    private final Map<OperatorFlags, KamailioProcess> kamailios = new EnumMap<>(OperatorFlags.class);
    private final List<FlagRewritingNgProxy> proxies = new ArrayList<>();
    private int users;

    static Stream<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (Browser browser : Browser.values()) {
            for (String policy : List.of("balanced", "max-compat")) {
                for (BrowserCall.Direction direction : BrowserCall.Direction.values()) {
                    cells.add(new Cell(browser, policy, direction, OperatorFlags.SHIPPED, "ws"));
                }
            }
            cells.add(new Cell(browser, "max-bundle", BrowserCall.Direction.BROWSER_CALLS_TRUNK,
                    OperatorFlags.HAVFO_WITHOUT_GENERATE_MID, "ws"));
            for (BrowserCall.Direction direction : BrowserCall.Direction.values()) {
                cells.add(new Cell(browser, "max-bundle", direction, OperatorFlags.BARE, "ws"));
            }
        }
        return cells.stream();
    }

    @BeforeAll
    void start() {
        Programs.node();
        Repository.softphone();
        namespace = LoopbackNamespace.createWithDeadEndRoute();
        sidecar = SidecarProcess.start(namespace, "matrix", "--codec-warmup=0",
                "--interface=" + LoopbackNamespace.DEAD_END_ADDRESS);
    }

    @AfterAll
    void stop() {
        kamailios.values().forEach(KamailioProcess::close);
        proxies.forEach(FlagRewritingNgProxy::close);
        if (sidecar != null) {
            sidecar.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    private KamailioProcess kamailio(OperatorFlags flags) {
        return kamailios.computeIfAbsent(flags, f -> {
            if (f == OperatorFlags.SHIPPED) {
                return KamailioProcess.start(namespace, sidecar.ngUrl());
            }
            FlagRewritingNgProxy proxy = FlagRewritingNgProxy.start(namespace, sidecar.ports().ng(), f);
            proxies.add(proxy);
            return KamailioProcess.start(namespace, proxy.ngUrl());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void theCallCarriesBothTonesAndTheBundleLinesTheBrowserNeeds(Cell cell) {
        cell.browser().program();
        Softphone.Options options = new Softphone.Options("matrix-" + (++users) + "-" + cell.browser().optionValue(),
                BrowserCallChecks.BROWSER_TONE_HZ, TALK_TIME, cell.bundlePolicy()).in(cell.browser());
        KamailioProcess kamailio = kamailio(cell.flags());
        BrowserCall.Result call = cell.direction() == BrowserCall.Direction.BROWSER_CALLS_TRUNK
                ? BrowserCall.browserCallsTrunk(namespace, kamailio, options)
                : BrowserCall.trunkCallsBrowser(namespace, kamailio, options);
        Supplier<String> why = () -> cell + "\n" + call.diagnostics() + "\n--- sidecar log tail\n"
                + sidecar.logTail(20) + proxies.stream().map(p -> "\n--- ng flag rewriter\n" + p.logTail(10))
                .reduce("", String::concat);
        BrowserCallChecks.assertCompleted(call, why);
        String toBrowser = call.sdpToBrowser();
        String fromBrowser = call.sdpFromBrowser();
        List<Executable> checks = new ArrayList<>(List.of(
                () -> BrowserCallChecks.assertBrowserHeardTheTrunkTone(call, why),
                () -> BrowserCallChecks.assertTrunkHeardTheBrowserTone(call, why),
                () -> assertEquals("connected", call.browser().transport("dtlsState"), why),
                () -> assertTrue(toBrowser.contains("\na=mid:"), () -> "a=mid toward the browser: " + why.get())));
        if (cell.direction() == BrowserCall.Direction.TRUNK_CALLS_BROWSER || fromBrowser.contains("a=group:BUNDLE")) {
            checks.add(() -> assertTrue(toBrowser.contains("\na=group:BUNDLE "), () -> "a=group:BUNDLE toward the"
                    + " browser: " + why.get()));
        }
        assertAll(checks);
        System.out.printf(Locale.ROOT, "matrix cell %s: pass (browser heard %.1f Hz, %d packets)%n", cell,
                call.browser().heardHz(), call.browser().packetsReceived());
    }
}
