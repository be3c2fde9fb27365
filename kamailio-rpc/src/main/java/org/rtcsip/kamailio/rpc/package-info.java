/**
 * Typed client of Kamailio's JSON-RPC (jsonrpcs over xhttp, {@code POST /RPC}): start at
 * {@link org.rtcsip.kamailio.rpc.KamailioRpcClient}. Results are records parsed from the shapes
 * Kamailio 5.6 sends; faults are typed, unchecked exceptions with one-line messages.
 */
package org.rtcsip.kamailio.rpc;
