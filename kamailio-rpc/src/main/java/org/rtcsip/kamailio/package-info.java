/**
 * kamailio-rpc: how the project drives Kamailio over JSON-RPC, and the operator's tools.
 * {@link org.rtcsip.kamailio.rpc} is the typed client library; {@link org.rtcsip.kamailio.control}
 * the ops controller that keeps a sidecar in Kamailio's rtpengine set (media-sidecar runs it);
 * {@link org.rtcsip.kamailio.sidecar} the clients of one sidecar's HTTP and ng socket;
 * {@link org.rtcsip.kamailio.cli} the operator CLI, {@code sidecarctl}.
 */
package org.rtcsip.kamailio;
