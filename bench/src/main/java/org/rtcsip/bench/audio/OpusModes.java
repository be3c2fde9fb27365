package org.rtcsip.bench.audio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a server's Opus encoder actually produced, read from the TOC byte of each packet (RFC 6716 §3.1): coding
 * mode and audio bandwidth, and how many packets were stereo. "Equal settings" between two servers is checked
 * here, not assumed: one that encodes 48 kHz stereo does more work than one that encodes 8 kHz mono.
 */
public final class OpusModes {
    private final long[] configs = new long[32];
    private long stereo;
    private long packets;

    /** Counts the packet whose Opus payload starts with TOC byte {@code toc}. */
    public void count(int toc) {
        configs[(toc >> 3) & 0x1F]++;
        if ((toc & 0x04) != 0) {
            stereo++;
        }
        packets++;
    }

    public void addTo(OpusModes total) {
        for (int i = 0; i < 32; i++) {
            total.configs[i] += configs[i];
        }
        total.stereo += stereo;
        total.packets += packets;
    }

    public long packets() {
        return packets;
    }

    /** For instance {@code "SILK NB 100%, mono"} or {@code "CELT FB 96%, hybrid FB 4%, stereo 100%"}. */
    public String describe() {
        if (packets == 0) {
            return "no Opus packets";
        }
        Map<String, Long> byMode = new LinkedHashMap<>();
        for (int c = 0; c < 32; c++) {
            if (configs[c] > 0) {
                byMode.merge(mode(c), configs[c], Long::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        byMode.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> parts.add(e.getKey() + " " + percent(e.getValue())));
        parts.add(stereo == 0 ? "mono" : "stereo " + percent(stereo));
        return String.join(", ", parts);
    }

    /** RFC 6716 Table 2: configs 0-11 SILK, 12-15 hybrid, 16-31 CELT, each with its audio bandwidth. */
    static String mode(int config) {
        if (config < 12) {
            return "SILK " + new String[] {"NB", "MB", "WB"}[config / 4];
        }
        if (config < 16) {
            return "hybrid " + (config < 14 ? "SWB" : "FB");
        }
        return "CELT " + new String[] {"NB", "WB", "SWB", "FB"}[(config - 16) / 4];
    }

    private String percent(long n) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * n / packets);
    }
}
