package org.rtcsip.sidecar.it;

import org.rtcsip.testbed.browser.Browser;

/**
 * {@link SidecarBrowserIntegrationTest}'s calls with Debian's Firefox ESR in Chromium's place (puppeteer-core over
 * WebDriver BiDi): both call directions, both codec plans, DTMF, max-bundle. Firefox writes its own SDP (its mids,
 * extmap ids, ssrc lines, a=end-of-candidates, its fingerprint first in the session), gathers host candidates only
 * on an interface with a default route, and has no RTCTransportStats.
 */
class SidecarFirefoxIntegrationTest extends SidecarBrowserIntegrationTest {
    @Override
    Browser browser() {
        return Browser.FIREFOX;
    }
}
