/**
 * ari-bridge: the Asterisk plugin. {@link org.rtcsip.ari.Main} runs an {@link org.rtcsip.ari.AriBridge}: the FastAGI
 * routing hook ({@code agi}), the ARI Stasis app ({@code stasis}) on the typed ARI client ({@code ari}), the ng
 * client of media-sidecar ({@code sidecar}), ops HTTP ({@code ops}) and its settings ({@code config}).
 * ari-bridge/README.md tells the call flow and the reliability decisions.
 */
package org.rtcsip.ari;
