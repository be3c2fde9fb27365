package org.rtcsip.sidecar.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * One m= section (RFC 8866 §5.14): {@code m=<media> <port>[/<count>] <proto> <fmt> ...} and the lines under it.
 * The m= line is rebuilt only when one of its fields is changed, so an untouched section writes back as read.
 */
public final class MediaDescription extends SdpSection {
    private String mediaLine;
    private final String media;
    private int port;
    private final String portCount;
    private String protocol;
    private List<String> formats;

    private MediaDescription(String mediaLine, String media, int port, String portCount, String protocol,
                             List<String> formats, List<SdpLine> lines) {
        super(lines);
        this.mediaLine = mediaLine;
        this.media = media;
        this.port = port;
        this.portCount = portCount;
        this.protocol = protocol;
        this.formats = formats;
    }

    static MediaDescription parse(String value) throws SdpParseException {
        String[] p = value.split(" ");
        if (p.length < 4) {
            throw new SdpParseException("m= needs media, port, proto and at least one format: \"" + value + "\"");
        }
        String portField = p[1];
        String count = null;
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            count = portField.substring(slash + 1);
            portField = portField.substring(0, slash);
        }
        int port;
        try {
            port = Integer.parseInt(portField);
        } catch (NumberFormatException e) {
            throw new SdpParseException("m= port \"" + p[1] + "\" is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new SdpParseException("m= port " + port + " is out of range");
        }
        List<String> formats = new ArrayList<>(List.of(p).subList(3, p.length));
        if (formats.contains("")) {
            throw new SdpParseException("m= line has an empty field: \"" + value + "\"");
        }
        return new MediaDescription(value, p[0], port, count, p[2], formats, new ArrayList<>());
    }

    public String media() {
        return media;
    }

    public int port() {
        return port;
    }

    public String protocol() {
        return protocol;
    }

    public List<String> formats() {
        return List.copyOf(formats);
    }

    public void setPort(int newPort) {
        port = newPort;
        rebuild();
    }

    public void setProtocol(String newProtocol) {
        protocol = newProtocol;
        rebuild();
    }

    public void setFormats(List<String> newFormats) {
        formats = new ArrayList<>(newFormats);
        rebuild();
    }

    /** RFC 3264 §6: port 0 rejects or disables the stream. */
    public boolean isDisabled() {
        return port == 0;
    }

    /** rtpmap of a payload type, or null (static types such as 0 may have none). */
    public RtpMap rtpMap(String payloadType) throws SdpParseException {
        for (String v : attributeValues("rtpmap")) {
            if (v.startsWith(payloadType + " ")) {
                return RtpMap.parse(v);
            }
        }
        return null;
    }

    /** The session-level direction applies when the media part has none (RFC 8866 §6.7). */
    public String direction(SessionDescription session) {
        for (String d : DIRECTIONS) {
            if (hasAttribute(d)) {
                return d;
            }
        }
        for (String d : DIRECTIONS) {
            if (session.hasAttribute(d)) {
                return d;
            }
        }
        return "sendrecv";
    }

    public static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    public MediaDescription copy() {
        return new MediaDescription(mediaLine, media, port, portCount, protocol, new ArrayList<>(formats),
                new ArrayList<>(lines));
    }

    private void rebuild() {
        StringBuilder b = new StringBuilder(media).append(' ').append(port);
        if (portCount != null) {
            b.append('/').append(portCount);
        }
        b.append(' ').append(protocol);
        for (String f : formats) {
            b.append(' ').append(f);
        }
        mediaLine = b.toString();
    }

    @Override
    protected void appendTo(StringBuilder out, String eol) {
        out.append("m=").append(mediaLine).append(eol);
        super.appendTo(out, eol);
    }
}
