package org.rtcsip.sidecar.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An SDP document (RFC 8866): the session part's lines in order, then the m= sections. Lines are kept as
 * text, so {@code parse(x).write()} returns x byte for byte (line ending included) until something is changed;
 * unknown attributes survive untouched.
 */
public final class SessionDescription extends SdpSection {
    /** Compiled once: String.split compiles a pattern of more than one character on every call (every offer). */
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    /** Larger bodies are refused: an ng datagram holds at most 64 KiB anyway. */
    static final int MAX_LENGTH = 65_536;

    private final List<MediaDescription> media;
    private final String lineEnding;
    private final boolean finalLineTerminated;

    private SessionDescription(List<SdpLine> lines, List<MediaDescription> media, String lineEnding,
                               boolean finalLineTerminated) {
        super(lines);
        this.media = media;
        this.lineEnding = lineEnding;
        this.finalLineTerminated = finalLineTerminated;
    }

    public static SessionDescription parse(String text) throws SdpParseException {
        if (text == null || text.isEmpty()) {
            throw new SdpParseException("empty SDP");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpParseException("SDP longer than " + MAX_LENGTH + " characters");
        }
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        boolean terminated = text.endsWith("\n");
        String[] raw = LINE_BREAK.split(text, -1);
        int count = terminated ? raw.length - 1 : raw.length;
        List<SdpLine> sessionLines = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaDescription current = null;
        for (int i = 0; i < count; i++) {
            String line = raw[i];
            int lineNo = i + 1;
            if (line.isEmpty()) {
                // RFC 8866 §5 forbids them, but trailing blank lines are common in the wild: tolerate at the end.
                if (allEmptyFrom(raw, i, count)) {
                    break;
                }
                throw new SdpParseException("line " + lineNo + " is empty");
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpParseException("line " + lineNo + " is not <type>=<value>: \"" + clip(line) + "\"");
            }
            char type = line.charAt(0);
            if (type < 'a' || type > 'z') {
                throw new SdpParseException("line " + lineNo + " has an invalid type '" + type + "'");
            }
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                throw new SdpParseException("line " + lineNo + " contains a control character");
            }
            String value = line.substring(2);
            if (i == 0 && !(type == 'v' && value.equals("0"))) {
                throw new SdpParseException("SDP must start with v=0");
            }
            if (type == 'm') {
                current = MediaDescription.parse(value);
                media.add(current);
                continue;
            }
            SdpLine parsed = new SdpLine(type, value);
            if (type == 'c') {
                Connection.parse(value);
            } else if (type == 'o') {
                if (current != null) {
                    throw new SdpParseException("o= inside a media section (line " + lineNo + ")");
                }
                Origin.parse(value);
            }
            (current == null ? sessionLines : current.lines()).add(parsed);
        }
        SessionDescription sdp = new SessionDescription(sessionLines, media, eol, terminated);
        if (sdp.first('o') == null) {
            throw new SdpParseException("SDP has no o= line");
        }
        return sdp;
    }

    private static boolean allEmptyFrom(String[] raw, int from, int count) {
        for (int i = from; i < count; i++) {
            if (!raw[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    public List<MediaDescription> media() {
        return media;
    }

    public Origin origin() {
        try {
            return Origin.parse(first('o').value());
        } catch (SdpParseException e) {
            throw new IllegalStateException("o= was validated at parse time", e);
        }
    }

    public void setOrigin(Origin origin) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'o') {
                lines.set(i, new SdpLine('o', origin.value()));
                return;
            }
        }
    }

    public SessionDescription copy() {
        List<MediaDescription> m = new ArrayList<>();
        for (MediaDescription md : media) {
            m.add(md.copy());
        }
        return new SessionDescription(new ArrayList<>(lines), m, lineEnding, finalLineTerminated);
    }

    public String write() {
        StringBuilder out = new StringBuilder(512);
        appendTo(out, lineEnding);
        for (MediaDescription m : media) {
            m.appendTo(out, lineEnding);
        }
        if (!finalLineTerminated && out.length() >= lineEnding.length()) {
            out.setLength(out.length() - lineEnding.length());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return write();
    }
}
