package org.rtcsip.testbed.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the real programs live. A missing one FAILS the test with what installs it: these tests never skip, because
 * a skipped interop test looks green while proving nothing.
 */
public final class Programs {

    private static final String INSTALL_HINT = "install the real peers (Debian bookworm, as root): "
            + "deploy/install-deps.sh --tests (apt-get install -y kamailio kamailio-websocket-modules "
            + "kamailio-json-modules kamailio-extra-modules kamailio-tls-modules kamailio-secsipid-modules openssl "
            + "sip-tester rtpengine-daemon tcpdump ffmpeg chromium firefox-esr libnss3-tools iproute2 coturn secsipidx, and npm ci "
            + "in deploy/softphone), or .ci/run, which does it";

    private Programs() {
    }

    /** The Kamailio binary (package kamailio, 5.6 in bookworm). */
    public static Path kamailio() {
        return require("kamailio", "Debian package kamailio");
    }

    /** The sipp binary (package sip-tester, 3.6.1 in bookworm). */
    public static Path sipp() {
        return require("sipp", "Debian package sip-tester");
    }

    /** The rtpengine daemon, the reference ng server (package rtpengine-daemon, 10.5). */
    public static Path rtpengine() {
        return require("rtpengine", "Debian package rtpengine-daemon");
    }

    /** tcpdump, which records the RTP each peer receives (needs root or CAP_NET_RAW). */
    public static Path tcpdump() {
        return require("tcpdump", "Debian package tcpdump");
    }

    /** ffmpeg, an Opus and G.711 implementation we did not write (package ffmpeg, 5.1 in bookworm). */
    public static Path ffmpeg() {
        return require("ffmpeg", "Debian package ffmpeg");
    }

    /** Debian's Chromium launcher (package chromium); playwright-core drives it through this path. */
    public static Path chromium() {
        Path chromium = Paths.get("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            fail("Chromium not found at " + chromium + " (Debian package chromium); " + INSTALL_HINT);
        }
        return chromium;
    }

    /** Debian's Firefox ESR (package firefox-esr); puppeteer-core drives it over WebDriver BiDi. */
    public static Path firefox() {
        Path firefox = Paths.get("/usr/bin/firefox-esr");
        if (!Files.isExecutable(firefox)) {
            fail("Firefox ESR not found at " + firefox + " (Debian package firefox-esr); " + INSTALL_HINT);
        }
        return firefox;
    }

    /**
     * NSS's certutil (package libnss3-tools): puts the test CA into a Firefox profile's certificate database, the one
     * way to make Firefox trust a CA of our own without trusting every certificate.
     */
    public static Path certutil() {
        return require("certutil", "Debian package libnss3-tools");
    }

    /** Node.js 20 or newer (on the machine image; Debian's nodejs 18 is too old for the softphone driver). */
    public static Path node() {
        return require("node", "Node.js 20+ (machine image)");
    }

    /** curl, which reads a sidecar's ops HTTP from inside a network namespace (package curl). */
    public static Path curl() {
        return require("curl", "Debian package curl");
    }

    /** unshare(1), which makes the network namespace (package util-linux; needs root). */
    public static Path unshare() {
        return require("unshare", "Debian package util-linux");
    }

    /** nsenter(1), which starts each program inside the namespace (package util-linux). */
    public static Path nsenter() {
        return require("nsenter", "Debian package util-linux");
    }

    /** ip(8), which brings the namespace's loopback up (package iproute2). */
    public static Path ip() {
        return require("ip", "Debian package iproute2");
    }

    /** openssl(1): deploy/gen-certs.sh and TLS handshakes the tests make by hand (package openssl). */
    public static Path openssl() {
        return require("openssl", "Debian package openssl");
    }

    /** coturn's turnserver, the TURN server browsers relay through (package coturn, 4.6 in bookworm). */
    public static Path turnserver() {
        return require("turnserver", "Debian package coturn");
    }

    /** secsipidx, an independent STIR/SHAKEN signer and verifier (package secsipidx). */
    public static Path secsipidx() {
        return require("secsipidx", "Debian package secsipidx");
    }

    /** iptables (nft backend), which makes the 1:1 NAT of a test's public address (package iptables). */
    public static Path iptables() {
        return require("iptables", "Debian package iptables");
    }

    /** ss(8), which tells whether a program in the namespace has bound its port (package iproute2). */
    public static Path ss() {
        return require("ss", "Debian package iproute2");
    }

    private static Path require(String program, String from) {
        String path = System.getenv("PATH");
        String searched = (path == null ? "" : path) + File.pathSeparator + "/usr/local/bin" + File.pathSeparator
                + "/usr/sbin" + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/sbin" + File.pathSeparator
                + "/bin";
        for (String dir : searched.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("real peer '" + program + "' not found (" + from + "); " + INSTALL_HINT);
    }
}
