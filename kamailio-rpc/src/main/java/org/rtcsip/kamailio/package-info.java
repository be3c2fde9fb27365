/**
 * Typed Kamailio JSON-RPC client, ops controller and operator CLI (issue: kamailio-rpc).
 * Only the module skeleton exists so far; nothing here is wired in yet.
 */
package org.rtcsip.kamailio;
