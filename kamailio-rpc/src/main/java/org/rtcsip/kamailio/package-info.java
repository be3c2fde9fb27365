/**
 * kamailio-rpc: how the project drives Kamailio over JSON-RPC.
 * {@link org.rtcsip.kamailio.rpc} is the typed client library; {@link org.rtcsip.kamailio.cli} is
 * the operator CLI, {@code sidecarctl}.
 */
package org.rtcsip.kamailio;
