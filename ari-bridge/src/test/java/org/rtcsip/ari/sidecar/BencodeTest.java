package org.rtcsip.ari.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** ari-bridge's small bencode against media-sidecar's (an implementation it did not share code with). */
class BencodeTest {
    @Test
    void anExternalMediaRequestEncodesAsMediaSidecarDoes() throws Exception {
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("transport", "websocket");
        leg.put("uri", "ws://127.0.0.1:8088/media/5f1c");
        leg.put("codec", "opus/48000/2");
        leg.put("ptime", 20);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("command", "external media");
        req.put("call-id", "arib-1.2");
        req.put("legs", List.of(leg, leg));
        byte[] ours = Bencode.encode(req);
        assertArrayEquals(org.rtcsip.ngwire.Bencode.encode(req), ours);
        assertEquals("d7:command14:external media7:call-id8:arib-1.24:legsld9:transport9:websocket3:uri"
                        + "30:ws://127.0.0.1:8088/media/5f1c5:codec12:opus/48000/25:ptimei20eed9:transport9:"
                        + "websocket3:uri30:ws://127.0.0.1:8088/media/5f1c5:codec12:opus/48000/25:ptimei20eeee",
                new String(ours, StandardCharsets.US_ASCII));
        assertArrayEquals(ours, Bencode.encode(Bencode.decode(ours, 0, ours.length)), "decode then encode");
    }

    @Test
    void refusesWhatIsNotBencode() {
        byte[] cut = "d6:result2:o".getBytes(StandardCharsets.US_ASCII);
        assertThrows(NgException.class, () -> Bencode.decode(cut, 0, cut.length));
        byte[] trailing = "i1ei2e".getBytes(StandardCharsets.US_ASCII);
        assertThrows(NgException.class, () -> Bencode.decode(trailing, 0, trailing.length));
    }
}
