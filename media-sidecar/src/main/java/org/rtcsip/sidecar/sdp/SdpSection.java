package org.rtcsip.sidecar.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The ordered lines of the session part or of one media part, with attribute look-ups over them. */
public abstract class SdpSection {
    protected final List<SdpLine> lines;

    protected SdpSection(List<SdpLine> lines) {
        this.lines = lines;
    }

    public List<SdpLine> lines() {
        return lines;
    }

    public SdpLine first(char type) {
        for (SdpLine line : lines) {
            if (line.type() == type) {
                return line;
            }
        }
        return null;
    }

    public boolean hasAttribute(String name) {
        return attribute(name) != null;
    }

    /** The first {@code a=name} line, or null. */
    public SdpLine attribute(String name) {
        for (SdpLine line : lines) {
            if (line.isAttribute(name)) {
                return line;
            }
        }
        return null;
    }

    /** Values (text after the colon, or "" for a property attribute) of every {@code a=name} line. */
    public List<String> attributeValues(String name) {
        List<String> values = new ArrayList<>();
        for (SdpLine line : lines) {
            if (line.isAttribute(name)) {
                String v = line.attributeValue();
                values.add(v == null ? "" : v);
            }
        }
        return values;
    }

    public boolean removeAttributes(String name) {
        return lines.removeIf(l -> l.isAttribute(name));
    }

    public boolean removeLines(Predicate<SdpLine> which) {
        return lines.removeIf(which);
    }

    public void addAttribute(String name, String value) {
        lines.add(SdpLine.attribute(name, value));
    }

    /** Replaces the first {@code a=name} line in place, or appends one. */
    public void setAttribute(String name, String value) {
        SdpLine replacement = SdpLine.attribute(name, value);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isAttribute(name)) {
                lines.set(i, replacement);
                return;
            }
        }
        lines.add(replacement);
    }

    public Connection connection() throws SdpParseException {
        SdpLine c = first('c');
        return c == null ? null : Connection.parse(c.value());
    }

    /**
     * Sets the {@code c=} line, inserting it where RFC 8866 §5 orders it: after i=/u=/e=/p= (session) or i= (media),
     * before b=, t=, k= and a= lines.
     */
    public void setConnection(Connection connection) {
        SdpLine line = new SdpLine('c', connection.value());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == 'c') {
                lines.set(i, line);
                return;
            }
        }
        int at = 0;
        while (at < lines.size() && "vosiuep".indexOf(lines.get(at).type()) >= 0) {
            at++;
        }
        lines.add(at, line);
    }

    protected void appendTo(StringBuilder out, String eol) {
        for (SdpLine line : lines) {
            out.append(line.type()).append('=').append(line.value()).append(eol);
        }
    }
}
