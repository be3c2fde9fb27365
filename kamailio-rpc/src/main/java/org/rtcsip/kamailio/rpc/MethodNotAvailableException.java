package org.rtcsip.kamailio.rpc;

/**
 * Kamailio does not know the method (fault 500 {@code Method Not Found}): the module that
 * provides it is not loaded, or the method name is wrong.
 */
public final class MethodNotAvailableException extends KamailioRpcException {

    private final String module;

    MethodNotAvailableException(String method, int code, String kamailioMessage, String module) {
        super(method, code, kamailioMessage, "method not available: " + method
                + (module == null
                        ? " (no loaded module provides it: check the name, or load the module that provides "
                                + prefix(method) + ".* in kamailio.cfg)"
                        : " (load module " + module + " in kamailio.cfg)"));
        this.module = module;
    }

    /** The Kamailio module that provides the method ({@code dialog} for {@code dlg.list}), or null if unknown. */
    public String module() {
        return module;
    }

    private static String prefix(String method) {
        int dot = method.indexOf('.');
        return dot < 0 ? method : method.substring(0, dot);
    }
}
