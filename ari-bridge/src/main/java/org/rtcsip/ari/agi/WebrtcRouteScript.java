package org.rtcsip.ari.agi;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.rtcsip.ari.config.BridgeConfig;

/**
 * {@code AGI(agi://127.0.0.1:4573/webrtc-route,<Dial string>)}, one line before {@code Dial}: reads the caller's
 * native formats, decides with {@link RouteDecision}, and sets
 * <ul>
 * <li>{@code ARI_BRIDGE_ROUTE} {@code direct} or {@code sidecar}, {@code ARI_BRIDGE_REASON} why,</li>
 * <li>{@code ARI_BRIDGE_DIAL}, {@code ARI_BRIDGE_CALLER_CODEC}, {@code ARI_BRIDGE_TARGET_CODEC}.</li>
 * </ul>
 * For {@code sidecar} it moves the channel to {@code ari-bridge,route,1} (extensions.conf), whose Stasis line
 * hands the call to the Stasis app; for {@code direct} the dialplan goes on to its Dial line.
 */
public final class WebrtcRouteScript implements AgiScript {
    private static final Logger LOG = Logger.getLogger(WebrtcRouteScript.class.getName());
    /** Where extensions.conf has {@code Stasis(${ARI_BRIDGE_APP},...)}. */
    public static final String STASIS_CONTEXT = "ari-bridge";
    public static final String STASIS_EXTENSION = "route";

    private final BridgeConfig config;
    private final BooleanSupplier stasisConnected;
    private final Consumer<RouteDecision> decided;

    /**
     * @param stasisConnected whether the Stasis app's events WebSocket is open: without it Stasis() fails, so
     *                        the call is dialed direct instead
     * @param decided         told every decision (metrics)
     */
    public WebrtcRouteScript(BridgeConfig config, BooleanSupplier stasisConnected, Consumer<RouteDecision> decided) {
        this.config = config;
        this.stasisConnected = stasisConnected;
        this.decided = decided;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String[] args = request.getArguments();
        String dial = args != null && args.length > 0 && args[0] != null ? args[0].strip() : "";
        RouteDecision d;
        if (dial.isEmpty()) {
            d = new RouteDecision(RouteDecision.Kind.DIRECT, "webrtc-route needs the Dial string as its argument",
                    "", "", "");
        } else {
            String formats = channel.getFullVariable("${CHANNEL(audionativeformat)}");
            d = RouteDecision.decide(dial, NativeFormats.parse(formats), config.routeFor(dial));
            if (d.kind() == RouteDecision.Kind.SIDECAR && !stasisConnected.getAsBoolean()) {
                d = new RouteDecision(RouteDecision.Kind.DIRECT, d.reason() + "; but ari-bridge has no ARI connection,"
                        + " so Dial runs as without it", dial, d.callerCodec(), "");
            }
        }
        channel.setVariable("ARI_BRIDGE_ROUTE", d.kind().label());
        channel.setVariable("ARI_BRIDGE_REASON", d.reason());
        channel.setVariable("ARI_BRIDGE_DIAL", d.dial());
        channel.setVariable("ARI_BRIDGE_CALLER_CODEC", d.callerCodec());
        channel.setVariable("ARI_BRIDGE_TARGET_CODEC", d.targetCodec());
        if (d.kind() == RouteDecision.Kind.SIDECAR) {
            channel.setContext(STASIS_CONTEXT);
            channel.setExtension(STASIS_EXTENSION);
            channel.setPriority("1");
        }
        LOG.info(request.getChannel() + " -> " + d.dial() + ": " + d.kind().label() + " (" + d.reason() + ")");
        decided.accept(d);
    }
}
