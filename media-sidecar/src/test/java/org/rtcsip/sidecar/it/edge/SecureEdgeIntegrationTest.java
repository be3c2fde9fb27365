package org.rtcsip.sidecar.it.edge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtcsip.sidecar.it.BrowserCall;
import org.rtcsip.sidecar.it.HeardTones;
import org.rtcsip.testbed.browser.Browser;
import org.rtcsip.testbed.browser.BrowserTransport;
import org.rtcsip.testbed.browser.Softphone;
import org.rtcsip.testbed.browser.EdgeOptions;
import org.rtcsip.testbed.kamailio.KamailioProcess;
import org.rtcsip.testbed.netns.LoopbackNamespace;
import org.rtcsip.testbed.netns.Network;
import org.rtcsip.testbed.netns.OneToOneNat;
import org.rtcsip.testbed.process.Programs;
import org.rtcsip.testbed.process.ShortCommand;
import org.rtcsip.testbed.sdp.AudioEndpoint;
import org.rtcsip.testbed.sidecar.SidecarProcess;
import org.rtcsip.testbed.stir.StirVerifier;
import org.rtcsip.testbed.tls.GeneratedCertificates;
import org.rtcsip.testbed.turn.CoturnProcess;

/**
 * The edge as the internet meets it, with real peers: a browser (Chromium or Firefox ESR) on a host of its own (a
 * namespace linked to the edge, {@link OneToOneNat}) reaches the edge only at its public address {@value #PUBLIC}; the edge host runs the shipped
 * kamailio.cfg with its defaults (WSS and SIP-TLS, digest auth, topology hiding) plus STIR/SHAKEN signing,
 * media-sidecar bound to 127.0.0.1 and advertising {@value #PUBLIC} ({@code --interface=pub/127.0.0.1!PUBLIC}: the
 * 1:1 NAT deployment), coturn, a sipp trunk, and secsipidx as the trunk's STIR/SHAKEN verifier.
 *
 * <p>Every transport of {@link BrowserTransport} in both directions with Chromium, and with Firefox every one but ws://
 * (which {@code SidecarFirefoxIntegrationTest} covers), each call judged by the tone each side hears; each browser
 * trusts the test CA and no other unknown one (Chromium by its SPKI, Firefox in its profile's certificate database).
 * On every call from the browser, the browser (registered and authenticated as alice) claims to be someone else
 * (From user and a P-Asserted-Identity of its own); what the trunk receives then says who really called and shows
 * nothing of the browser's side of the network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureEdgeIntegrationTest {
    static final String PUBLIC = "10.0.0.1";
    static final String CLIENT = "10.0.0.2";
    static final int BROWSER_TONE_HZ = 1000;
    static final int TRUNK_TONE_HZ = 440;
    /** Counted from the moment media flows (the driver's talk time); the trunk's audio is judged from its 2nd s. */
    static final Duration TALK_TIME = Duration.ofSeconds(5);
    /** What the browser dials: a telephone number, so that the PASSporT has a dest.tn. */
    static final String CALLED_NUMBER = "15550199999";
    /** What the browser claims to be. */
    static final String FAKE_FROM_USER = "mallory";
    static final String FAKE_PAI = "P-Asserted-Identity: <sip:+15559990000@evil.example>";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** coturn's log of a TURN/TLS allocation: cipher and TLS version. */
    private static final Pattern TURN_TLS_LOG = Pattern.compile("cipher=(\\S+), method=(TLSv1\\.[23])");
    /** kamailio.cfg's log line of a TLS connection's parameters: what, from where, transport, version, cipher. */
    private static final Pattern TLS_LOG = Pattern.compile(
            "tls: (\\w+) from (\\S+) over (\\w+), (TLSv[\\d.]+|<null>) (\\S+)");

    GeneratedCertificates certs;
    LoopbackNamespace edge;
    OneToOneNat nat;
    SidecarProcess sidecar;
    StirVerifier stir;
    CoturnProcess coturn;
    KamailioProcess kamailio;
    private final Map<Cell, EdgeCall> outgoing = new LinkedHashMap<>();
    private final Map<Cell, EdgeCall> incoming = new LinkedHashMap<>();

    /** One browser over one transport: a row of the README's browser matrix. */
    record Cell(Browser browser, BrowserTransport transport) {
        @Override
        public String toString() {
            return browser.optionValue() + " " + transport;
        }
    }

    /** Chromium over every transport, Firefox over every one but ws://. */
    static Stream<Arguments> cells() {
        Stream<Cell> chromium = Stream.of(BrowserTransport.values()).map(t -> new Cell(Browser.CHROMIUM, t));
        Stream<Cell> firefox = Stream.of(BrowserTransport.values()).filter(t -> t != BrowserTransport.WS)
                .map(t -> new Cell(Browser.FIREFOX, t));
        return Stream.concat(chromium, firefox).map(cell -> Arguments.of(cell.browser(), cell.transport()));
    }

    /**
     * A call, what the sidecar's /sessions said about the browser's stream while it was up, and, for a call from the
     * browser, the trunk's verdicts on the Identity header it received and on a tampered copy, checked right after
     * the call as a verifier checks on receipt (a PASSporT is fresh for 60 s).
     */
    record EdgeCall(Cell cell, BrowserCall.Result result, JsonNode browserStream,
            String identity, StirVerifier.Verdict genuine, StirVerifier.Verdict tampered) {
    }

    @BeforeAll
    void startTestBed() {
        Programs.chromium();
        Programs.firefox();
        Programs.certutil();
        certs = GeneratedCertificates.generate(PUBLIC, BrowserTransport.TURN_TLS_NAME);
        edge = LoopbackNamespace.create();
        nat = OneToOneNat.publish(edge, PUBLIC, CLIENT);
        sidecar = SidecarProcess.start(edge, "edge", "--interface=pub/127.0.0.1!" + PUBLIC);
        stir = StirVerifier.start(edge, certs);
        coturn = CoturnProcess.start(edge, certs);
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("WITH_STIR", null);
        defines.put("STIR_KEY", "\"" + certs.stirKey() + "\"");
        defines.put("STIR_CERT_URL", "\"" + stir.certificateUrl() + "\"");
        kamailio = KamailioProcess.startSecure(edge, sidecar.ngUrl(), certs, defines);
    }

    @AfterAll
    void stopTestBed() {
        for (AutoCloseable each : new AutoCloseable[] {kamailio, coturn, stir, sidecar, nat, edge}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
    }

    /** alice calls the trunk from {@code browser} over {@code transport}, claiming to be someone else; placed once, kept. */
    EdgeCall outgoing(Browser browser, BrowserTransport transport) {
        return outgoing.computeIfAbsent(new Cell(browser, transport),
                c -> place(c, BrowserCall.Direction.BROWSER_CALLS_TRUNK));
    }

    /** The trunk calls bob, who registered from {@code browser} over {@code transport}; placed once, kept. */
    EdgeCall incoming(Browser browser, BrowserTransport transport) {
        return incoming.computeIfAbsent(new Cell(browser, transport),
                c -> place(c, BrowserCall.Direction.TRUNK_CALLS_BROWSER));
    }

    private EdgeCall place(Cell cell, BrowserCall.Direction direction) {
        BrowserTransport.Route route = cell.transport().route(PUBLIC, kamailio, certs, coturn);
        boolean outbound = direction == BrowserCall.Direction.BROWSER_CALLS_TRUNK;
        String user = outbound ? KamailioProcess.ALICE : KamailioProcess.BOB;
        EdgeOptions edgeOptions = outbound ? route.edge().claiming(FAKE_FROM_USER, FAKE_PAI) : route.edge();
        Softphone.Options options = new Softphone.Options(user, BROWSER_TONE_HZ, TALK_TIME,
                "max-bundle").withPassword(outbound ? KamailioProcess.ALICE_PASSWORD : KamailioProcess.BOB_PASSWORD)
                .in(cell.browser());
        AtomicReference<JsonNode> stream = new AtomicReference<>();
        BrowserCall.Setup setup = new BrowserCall.Setup(nat.client(), route.signalling(), edgeOptions,
                CALLED_NUMBER, () -> stream.set(browserStreamOnTheSidecar()));
        BrowserCall.Result result = outbound
                ? BrowserCall.browserCallsTrunk(edge, kamailio, options, setup)
                : BrowserCall.trunkCallsBrowser(edge, kamailio, options, setup);
        String identity = null;
        StirVerifier.Verdict genuine = null;
        StirVerifier.Verdict tampered = null;
        if (outbound) {
            List<String> identities = result.trunkReceivedMessages().stream().filter(m -> m.startsWith("INVITE "))
                    .findFirst().map(invite -> SipHeaders.values(invite, "Identity")).orElse(List.of());
            if (identities.size() == 1) {
                identity = identities.get(0);
                genuine = stir.check(identity);
                tampered = stir.check(Passport.withOrigTn(identity, "15559990000"));
            }
        }
        return new EdgeCall(cell, result, stream.get(), identity, genuine, tampered);
    }

    /** The sidecar's view of the browser's stream (the UDP/TLS/RTP/SAVPF one) once media flows. */
    private JsonNode browserStreamOnTheSidecar() {
        JsonNode media = mediaOnTheSidecar(sidecar, m -> m.path("protocol").asText().equals("UDP/TLS/RTP/SAVPF"));
        return media == null ? null : media.path("streams").path(0);
    }

    /** The first media of any call in the sidecar's /sessions (ng query's view) that {@code which} picks, or null. */
    static JsonNode mediaOnTheSidecar(SidecarProcess sidecar, Predicate<JsonNode> which) {
        try {
            JsonNode sessions = JSON.readTree(sidecar.get("/sessions").body());
            for (JsonNode call : sessions) {
                for (JsonNode tag : call.path("tags")) {
                    for (JsonNode media : tag.path("medias")) {
                        if (which.test(media)) {
                            return media;
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- media over every transport, both directions ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void browserCallsTrunk(Browser browser, BrowserTransport transport) {
        assertCallCarriesBothTones(outgoing(browser, transport));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void trunkCallsBrowser(Browser browser, BrowserTransport transport) {
        assertCallCarriesBothTones(incoming(browser, transport));
    }

    void assertCallCarriesBothTones(EdgeCall call) {
        BrowserCall.Result result = call.result();
        System.out.println("edge call " + call.cell() + " " + result.direction() + ": " + timeline(result.browser())
                + ", selected " + result.browser().selectedLocalCandidate() + " relay "
                + result.browser().selectedLocalRelayProtocol() + " -> " + result.browser().selectedRemoteCandidate()
                + ", heard " + Math.round(result.browser().heardHz()) + " Hz");
        Supplier<String> why = () -> diagnostics(call);
        assertNull(result.browser().error(), () -> "the browser's call must be set up, measured and ended: "
                + why.get());
        assertEquals(0, result.sippExitCode(), () -> "sipp must complete its call: " + why.get());
        List<Executable> checks = new ArrayList<>(List.of(
                () -> HeardTones.assertBrowserHeard(result.browser(), TRUNK_TONE_HZ, why),
                () -> HeardTones.assertTrunkHeard(result.trunkHeard(), BROWSER_TONE_HZ, why),
                () -> assertEquals("connected", result.browser().transport("dtlsState"), why),
                () -> assertAdvertisesThePublicAddress(call, why)));
        if (call.cell().transport().relayed()) {
            checks.add(() -> assertRelayedThroughCoturn(call, why));
        } else {
            checks.add(() -> assertEquals("host", result.browser().selectedLocalCandidateType(), why));
        }
        assertAll(checks);
    }

    /**
     * From the page's log: milliseconds from placing the call (or being offered it) to the call being confirmed and
     * to the peer connection (ICE + DTLS) being connected.
     */
    static String timeline(Softphone.Report browser) {
        Map<String, Double> at = new LinkedHashMap<>();
        for (String line : browser.pageLog().split("\n")) {
            String[] parts = line.split(" ", 2);
            if (parts.length == 2) {
                for (String event : List.of("calling", "incoming call", "call confirmed", "peer connection connected")) {
                    if (parts[1].startsWith(event) && parts[0].matches("[\\d.]+")) {
                        at.putIfAbsent(event, Double.parseDouble(parts[0]) * 1000);
                    }
                }
            }
        }
        Double start = at.containsKey("calling") ? at.get("calling") : at.get("incoming call");
        if (start == null) {
            return "no call start in the page log";
        }
        return String.format(Locale.ROOT, "confirmed after %.0f ms, media connected after %.0f ms",
                at.getOrDefault("call confirmed", Double.NaN) - start,
                at.getOrDefault("peer connection connected", Double.NaN) - start);
    }

    /**
     * 1:1 NAT: both legs' SDP carry the public address, the browser's ICE pair ends there, the sidecar's sockets are
     * bound to 127.0.0.1, and the edge translated the flows.
     */
    private void assertAdvertisesThePublicAddress(EdgeCall call, Supplier<String> why) {
        AudioEndpoint toBrowser = AudioEndpoint.of(call.result().sdpToBrowser());
        AudioEndpoint toTrunk = AudioEndpoint.of(call.result().sdpToTrunk());
        assertAll(
                () -> assertEquals(PUBLIC, toBrowser.address(), why),
                () -> assertTrue(call.result().sdpToBrowser().contains(" " + PUBLIC + " " + toBrowser.port()
                        + " typ host"), () -> "the sidecar's candidate carries the public address: " + why.get()),
                () -> assertEquals(PUBLIC, toTrunk.address(), why),
                () -> assertTrue(call.result().browser().selectedRemoteCandidate().startsWith(PUBLIC + ":"
                        + toBrowser.port() + "/udp"), why),
                () -> assertNotNull(call.browserStream(), () -> "no WebRTC stream in /sessions: " + why.get()),
                () -> assertEquals("127.0.0.1", call.browserStream().path("local address").asText(), why),
                () -> assertTrue(nat.translatedFlows() > 0, why));
    }

    /**
     * TURN: the browser's selected candidate is relayed over the transport asked for, and the sidecar saw the
     * browser at coturn's relay address.
     */
    private void assertRelayedThroughCoturn(EdgeCall call, Supplier<String> why) {
        Softphone.Report browser = call.result().browser();
        JsonNode endpoint = call.browserStream() == null ? null : call.browserStream().path("endpoint");
        assertAll(
                () -> assertEquals("relay", browser.selectedLocalCandidateType(), why),
                () -> assertEquals(call.cell().transport().relayProtocol(), browser.selectedLocalRelayProtocol(), why),
                () -> assertNotNull(endpoint, why),
                () -> assertEquals(CoturnProcess.RELAY_IP, endpoint.path("address").asText(),
                        () -> "the sidecar must see the browser at coturn's relay address: " + why.get()),
                () -> assertTrue(coturn.ownsRelayPort(endpoint.path("port").asInt()),
                        () -> "a port of coturn's relay range " + coturn.relayPortRange() + ": " + why.get()),
                () -> {
                    if ("tls".equals(call.cell().transport().relayProtocol())) {
                        Matcher tls = TURN_TLS_LOG.matcher(coturn.logText());
                        assertTrue(tls.find(), () -> "coturn logged no TLS session: " + why.get());
                        System.out.println("edge call " + call.cell() + " " + call.result().direction()
                                + ": TURN over " + tls.group(1) + " " + tls.group(2));
                    }
                });
    }

    // ---- TLS ----

    @Test
    void browsersGetTls13OnWssAndNothingOlderThan12IsAccepted() {
        outgoing(Browser.CHROMIUM, BrowserTransport.WSS);
        Matcher logged = TLS_LOG.matcher(kamailio.logText());
        List<String> wss = new ArrayList<>();
        while (logged.find()) {
            if (logged.group(1).equals("WebSocket") && logged.group(2).startsWith(CLIENT + ":")) {
                wss.add(logged.group(1) + " " + logged.group(4) + " " + logged.group(5));
            }
        }
        assertFalse(wss.isEmpty(), () -> "Kamailio logged no TLS parameters of the browser's WebSocket:\n"
                + tail(kamailio.logText(), 3000));
        wss.forEach(each -> assertTrue(each.contains("TLSv1.3"), "the browsers and Kamailio agree on TLS 1.3: " + wss));

        // s_client's summary line of the handshake: "New, <version>, Cipher is <cipher>"
        String tls13 = handshake("-tls1_3", kamailio.wssPort());
        assertTrue(tls13.contains("New, TLSv1.3, Cipher is "), () -> "TLS 1.3 on WSS:\n" + tls13);
        String tls12 = handshake("-tls1_2", kamailio.sipsPort());
        assertTrue(tls12.contains("New, TLSv1.2, Cipher is ECDHE-"), () -> "TLS 1.2 on SIP-TLS:\n" + tls12);
        String old = handshake("-tls1_1", kamailio.wssPort());
        assertTrue(old.contains("alert protocol version") || old.contains("no protocols available"),
                () -> "TLS 1.1 must be refused:\n" + old);
    }

    /** {@code openssl s_client VERSION} from the client host to the edge's public address, trusting the test CA. */
    private String handshake(String version, int port) {
        ShortCommand.Output out = nat.client().run(List.of(Programs.openssl().toString(), "s_client", version,
                "-connect", PUBLIC + ":" + port, "-CAfile", certs.caCert().toString(), "-verify_return_error"),
                Duration.ofSeconds(10));
        return out.text();
    }

    @ParameterizedTest
    @EnumSource(Browser.class)
    void aBrowserTrustingNoTestCaCannotReachTheEdge(Browser browser) {
        BrowserTransport.Route route = BrowserTransport.WSS.route(PUBLIC, kamailio, certs, coturn);
        try (Softphone phone = Softphone.answer(nat.client(), tempDir("untrusting"),
                route.signalling(), new Softphone.Options(KamailioProcess.ALICE, BROWSER_TONE_HZ, TALK_TIME,
                        "max-bundle").withPassword(KamailioProcess.ALICE_PASSWORD).in(browser), EdgeOptions.NONE)) {
            Softphone.Report report = phone.awaitReport(Duration.ofSeconds(40));
            assertNotNull(report.error(), "a browser that does not trust the test CA must not register");
            assertTrue(report.pageLog().contains("websocket disconnected")
                    || report.error().contains("registration failed"), report::summary);
            assertFalse(report.pageLog().contains("registered as"), report::summary);
        }
    }

    // ---- authentication and caller identity ----

    @Test
    void aWrongPasswordIsChallengedAgainAndNeverRegisters() {
        BrowserTransport.Route route = BrowserTransport.WSS.route(PUBLIC, kamailio, certs, coturn);
        try (Softphone phone = Softphone.answer(nat.client(), tempDir("wrong-password"),
                route.signalling(), new Softphone.Options(KamailioProcess.BOB, BROWSER_TONE_HZ, TALK_TIME,
                        "max-bundle").withPassword("not-" + KamailioProcess.BOB_PASSWORD), route.edge())) {
            Softphone.Report report = phone.awaitReport(Duration.ofSeconds(40));
            assertNotNull(report.error(), report::summary);
            assertTrue(report.error().contains("registration failed"), report::summary);
        }
        assertTrue(kamailio.logText().contains("auth: wrong password for 'bob'"), () -> tail(kamailio.logText(), 2000));
    }

    @Test
    void theTrunkLearnsTheAuthenticatedCallerNotWhatTheBrowserClaimed() {
        EdgeCall call = outgoing(Browser.CHROMIUM, BrowserTransport.WSS);
        String invite = trunkInvite(call);
        List<String> pai = SipHeaders.values(invite, "P-Asserted-Identity");
        assertAll(
                () -> assertEquals(List.of("\"alice\" <tel:+" + KamailioProcess.ALICE_NUMBER + ">"), pai, invite),
                () -> assertTrue(SipHeaders.values(invite, "From").get(0).contains("sip:" + FAKE_FROM_USER + "@"),
                        () -> "the browser's From reaches the trunk as it wrote it (its own business): " + invite),
                () -> assertFalse(invite.contains("evil.example"), invite),
                () -> assertTrue(SipHeaders.values(invite, "P-Preferred-Identity").isEmpty(), invite));
    }

    @Test
    void theTrunkVerifiesTheStirShakenIdentityAndRejectsATamperedOne() {
        EdgeCall call = outgoing(Browser.CHROMIUM, BrowserTransport.WSS);
        String invite = trunkInvite(call);
        assertEquals(1, SipHeaders.values(invite, "Identity").size(), invite);
        String identity = call.identity();
        assertTrue(identity.contains(";info=<" + stir.certificateUrl() + ">"), identity);
        assertTrue(identity.contains("ppt=shaken"), identity);
        assertFalse(SipHeaders.values(invite, "Date").isEmpty(), () -> "RFC 8224 §4: a Date header: " + invite);

        JsonNode payload = Passport.payload(identity);
        assertAll(
                () -> assertEquals(KamailioProcess.ALICE_NUMBER, payload.path("orig").path("tn").asText(),
                        payload::toString),
                () -> assertEquals(CALLED_NUMBER, payload.path("dest").path("tn").path(0).asText(),
                        payload::toString),
                () -> assertEquals("A", payload.path("attest").asText(), payload::toString));

        assertTrue(call.genuine().valid(), call.genuine()::explanation);
        assertFalse(call.tampered().valid(), call.tampered()::explanation);
        assertTrue(call.tampered().explanation().contains("verification failed"), call.tampered()::explanation);
    }

    // ---- topology hiding ----

    @Test
    void theTrunkSeesNothingOfTheBrowserSide() {
        for (EdgeCall call : List.of(outgoing(Browser.CHROMIUM, BrowserTransport.WSS),
                incoming(Browser.CHROMIUM, BrowserTransport.WSS))) {
            List<String> messages = call.result().trunkReceivedMessages();
            assertFalse(messages.isEmpty(), () -> diagnostics(call));
            String browserCallId = browserCallId(call);
            for (String message : messages) {
                String headers = SipHeaders.headerPart(message);
                String lower = message.toLowerCase(Locale.ROOT);
                assertAll(message.lines().findFirst().orElse(""),
                        () -> assertFalse(message.contains(CLIENT), () -> "the browser's address: " + message),
                        () -> assertFalse(lower.contains(".invalid"), () -> "JsSIP's host names: " + message),
                        () -> assertFalse(lower.contains("transport=ws"), () -> "WebSocket URIs: " + message),
                        () -> assertFalse(Pattern.compile("(?im)^via:\\s*sip/2\\.0/wss?\\b").matcher(headers).find(),
                                () -> "a WebSocket Via: " + message),
                        () -> assertFalse(lower.contains("alias="), () -> "the browser's connection alias: " + message),
                        () -> assertFalse(Pattern.compile("(?i)[=/]wss?\\b").matcher(headers).find(),
                                () -> "a WebSocket transport token: " + message),
                        () -> assertFalse(browserCallId != null && message.contains(browserCallId),
                                () -> "the browser's Call-ID: " + message),
                        () -> assertFalse(message.contains("a=candidate") || message.contains("a=fingerprint"),
                                () -> "the browser's ICE or DTLS lines: " + message));
            }
            // a request from the proxy: its own Via on top, every other one masked by topoh
            String first = messages.get(0);
            if (first.startsWith("INVITE ") && call.result().direction() == BrowserCall.Direction.BROWSER_CALLS_TRUNK) {
                List<String> vias = SipHeaders.values(first, "Via");
                assertTrue(vias.size() >= 2, first);
                vias.subList(1, vias.size()).forEach(via -> assertTrue(via.startsWith("SIP/2.0/UDP 127.0.0.8;"),
                        () -> "a Via topoh did not mask: " + via));
                List<String> contact = SipHeaders.values(first, "Contact");
                assertTrue(contact.size() == 1 && contact.get(0).startsWith("<sip:127.0.0.8;line=sr-"),
                        () -> "the browser's Contact masked: " + first);
            }
        }
    }

    /** The Call-ID the browser wrote on its INVITE, from the JsSIP log of the page's console. */
    private static String browserCallId(EdgeCall call) {
        if (call.result().direction() != BrowserCall.Direction.BROWSER_CALLS_TRUNK) {
            return null;
        }
        Path console = call.result().dir().resolve("browser").resolve("console.log");
        try {
            String log = Files.readString(console, StandardCharsets.UTF_8);
            Matcher invite = Pattern.compile("(?s)\\nINVITE sip:.*?\\nCall-ID: (\\S+)").matcher(log);
            assertTrue(invite.find(), () -> "no INVITE in the page's JsSIP log " + console);
            return invite.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + console, e);
        }
    }

    // ---- helpers ----

    private static String trunkInvite(EdgeCall call) {
        return call.result().trunkReceivedMessages().stream().filter(m -> m.startsWith("INVITE "))
                .findFirst().orElseThrow(() -> new AssertionError("the trunk received no INVITE: "
                        + call.result().diagnostics()));
    }

    private Path tempDir(String name) {
        try {
            return Files.createTempDirectory("edge-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String diagnostics(EdgeCall call) {
        return call.cell() + " " + call.result().diagnostics()
                + "\n--- sidecar stream " + call.browserStream()
                + "\n--- kamailio log tail\n" + tail(kamailio.logText(), 4000)
                + "\n--- coturn log tail\n" + tail(coturn.logText(), 2000)
                + "\n--- sidecar log tail\n" + tail(sidecar.logText(), 3000);
    }

    static String tail(String log, int chars) {
        return log.length() <= chars ? log : log.substring(log.length() - chars);
    }
}
