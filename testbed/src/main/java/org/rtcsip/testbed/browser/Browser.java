package org.rtcsip.testbed.browser;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

import org.rtcsip.testbed.process.Programs;

/**
 * Which real browser runs the softphone page: Debian's Chromium (playwright-core over CDP) or Debian's Firefox ESR
 * (puppeteer-core over WebDriver BiDi), both headless with a fake microphone playing the test's tone.
 */
public enum Browser {
    CHROMIUM(Programs::chromium, false),
    FIREFOX(Programs::firefox, true);

    private final Supplier<Path> program;
    private final boolean needsDefaultRoute;

    Browser(Supplier<Path> program, boolean needsDefaultRoute) {
        this.program = program;
        this.needsDefaultRoute = needsDefaultRoute;
    }

    /** The executable; fails the test (it does not skip) when the package is missing. */
    public Path program() {
        return program.get();
    }

    /** drive.mjs's {@code --browser} value. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Firefox gathers no ICE candidate on lo, nor on an interface without a default route: its namespace needs
     * {@link org.rtcsip.testbed.netns.LoopbackNamespace#createWithDeadEndRoute()}.
     */
    public boolean needsDefaultRoute() {
        return needsDefaultRoute;
    }
}
