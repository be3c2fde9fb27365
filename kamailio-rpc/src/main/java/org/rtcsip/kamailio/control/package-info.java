/**
 * The ops controller: keeps one media sidecar's ng URL in Kamailio's rtpengine set (enabled once the
 * sidecar is ready, disabled for a drain) and reads Kamailio's state for the sidecar's metrics.
 * {@link org.rtcsip.kamailio.control.OpsController} is the logic, driven with the time as an
 * argument; {@link org.rtcsip.kamailio.control.OpsControllerLoop} runs it on a thread of its own.
 * Runs inside media-sidecar ({@code --kamailio-rpc}) or next to any rtpengine-compatible server.
 */
package org.rtcsip.kamailio.control;
