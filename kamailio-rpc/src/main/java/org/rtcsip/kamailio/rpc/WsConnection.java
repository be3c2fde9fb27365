package org.rtcsip.kamailio.rpc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One WebSocket connection of {@code ws.dump}, parsed from Kamailio's line
 * {@code 1: ws:127.0.0.1:42274 -> ws:127.0.0.1:8080 (state: OPEN,  last used 5s ago, sub-protocol: sip)}
 * (websocket module 5.6, ws_conn.c: remote address first, then the local listener).
 *
 * @param id          the connection id that {@code ws.close}/{@code ws.ping} take (also usrloc's Tcpconn-Id)
 * @param scheme      {@code ws} or {@code wss}
 * @param state       CONNECTING, OPEN, CLOSING or CLOSED
 * @param awaitingPong Kamailio sent a keepalive Ping and no Pong came back yet
 * @param subProtocol {@code sip}, {@code msrp} (Kamailio prints {@code **UNKNOWN**} for others)
 */
public record WsConnection(int id, String scheme, HostPort remote, HostPort local, String state,
                           boolean awaitingPong, long idleSeconds, String subProtocol) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\d+): (wss?):(.+):(\\d+) -> (wss?):(.+):(\\d+) \\(state: ([A-Z]+),\\s*(awaiting Pong,)?\\s*"
                    + "last used (-?\\d+)s ago, sub-protocol: ([^)]*)\\)$");

    /**
     * Parses one line of {@code ws.dump}'s {@code connections}; a line in another shape throws
     * {@link IllegalArgumentException} quoting it.
     */
    public static WsConnection parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("WebSocket connection line not in the websocket module's form "
                    + "\"<id>: ws:<ip>:<port> -> ws:<ip>:<port> (state: <S>, last used <n>s ago, sub-protocol: <p>)\": \""
                    + line + "\"");
        }
        try {
            return new WsConnection(Integer.parseInt(m.group(1)), m.group(2),
                    new HostPort(m.group(3), port(m.group(4))), new HostPort(m.group(6), port(m.group(7))),
                    m.group(8), m.group(9) != null, Long.parseLong(m.group(10)), m.group(11));
        } catch (NumberFormatException outOfRange) {
            throw new IllegalArgumentException("number out of range in WebSocket connection line \"" + line + "\"");
        }
    }

    private static int port(String digits) {
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new NumberFormatException(digits);
        }
        return port;
    }
}
