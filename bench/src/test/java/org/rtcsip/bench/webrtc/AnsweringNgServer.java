package org.rtcsip.bench.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtcsip.ngwire.Bencode;
import org.rtcsip.ngwire.BencodeException;
import org.rtcsip.testbed.ng.ScriptedNgServer;

/** The test bed's scripted ng server with the script these tests share. */
final class AnsweringNgServer {

    private AnsweringNgServer() {
    }

    /**
     * An ng server that answers every {@code offer} and {@code answer} with {@code result: ok} and {@code sdp}, and
     * every other command with {@code ok}: a server whose media side is whatever the test says.
     */
    static ScriptedNgServer start(String sdp) throws IOException {
        return new ScriptedNgServer(datagram -> {
            byte[] body = ScriptedNgServer.body(datagram);
            Map<String, Object> request;
            try {
                request = Bencode.text(Bencode.decode(body, 0, body.length));
            } catch (BencodeException e) {
                return List.of(); // not a request the test meant to send: no answer
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("result", "ok");
            if (request.get("command").equals("offer") || request.get("command").equals("answer")) {
                reply.put("sdp", sdp);
            }
            return List.of(ScriptedNgServer.cookie(datagram) + " "
                    + new String(Bencode.encode(reply), StandardCharsets.ISO_8859_1));
        });
    }
}
