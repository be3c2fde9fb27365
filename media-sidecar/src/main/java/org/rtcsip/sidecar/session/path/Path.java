package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A chain of stages, linked once at commit: what one kind of packet (RTP or RTCP) goes through from one party to
 * the other, or on the way out to a party. {@link #describe} prints it, e.g.
 * {@code source-gate > rtp-check > srtp-decrypt > confirm > stats > transcode(opus/48000/2 -> PCMU/8000) > send}.
 */
public final class Path {
    private final Stage head;

    private Path(Stage head) {
        this.head = head;
    }

    /** Links the stages in order; the last one must end the path itself (send, transcode, terminate, drop). */
    public static Path of(List<Stage> stages) {
        for (int i = 0; i + 1 < stages.size(); i++) {
            stages.get(i).next = stages.get(i + 1);
        }
        return new Path(stages.get(0));
    }

    /** Links {@code first} to the head of {@code then}: a receive chain that ends in a party's send chain. */
    public static Path joined(List<Stage> first, Path then) {
        List<Stage> all = new ArrayList<>(first);
        Path linked = of(all.isEmpty() ? List.of(then.head) : all);
        if (!all.isEmpty()) {
            all.get(all.size() - 1).next = then.head;
        }
        return linked;
    }

    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        head.accept(buf, off, len, from, now);
    }

    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        for (Stage s = head; s != null; s = s.next) {
            out.add(s);
        }
        return out;
    }

    /** Stage names joined by {@code " > "}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (Stage s = head; s != null; s = s.next) {
            if (b.length() > 0) {
                b.append(" > ");
            }
            b.append(s.name());
        }
        return b.toString();
    }

    /** Carries the counters of {@code old}'s stages over to this path's stages of the same name. */
    public void inherit(Path old) {
        if (old == null) {
            return;
        }
        List<Stage> previous = old.stages();
        for (Stage s = head; s != null; s = s.next) {
            for (Stage o : previous) {
                if (o.name().equals(s.name()) && o.getClass() == s.getClass()) {
                    s.inherit(o);
                    break;
                }
            }
        }
    }
}
