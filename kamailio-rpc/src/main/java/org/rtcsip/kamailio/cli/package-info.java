/**
 * {@code sidecarctl}, the operator CLI (picocli): {@link org.rtcsip.kamailio.cli.SidecarCtl} is the
 * entry point and holds the global options; each command group is one class.
 */
package org.rtcsip.kamailio.cli;
