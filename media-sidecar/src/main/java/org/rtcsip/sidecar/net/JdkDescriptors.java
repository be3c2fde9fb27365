package org.rtcsip.sidecar.net;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;

/**
 * The file descriptors behind the JDK's own channel and selector, which the io_uring transport hands to the kernel
 * itself. The JDK keeps them in its internal {@code sun.nio.ch} package: reading them needs that package opened to
 * this code ({@code Add-Opens: java.base/sun.nio.ch} in the jar's manifest, or
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}); {@link #problem()} says when it is not, and the media
 * loops then keep to the JDK's selector.
 */
final class JdkDescriptors {
    private static final MethodHandle CHANNEL_FD;
    private static final MethodHandle SELECTOR_FD;
    private static final String PROBLEM;

    static {
        MethodHandle channel = null;
        MethodHandle selector = null;
        String problem = null;
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            Method getFd = selCh.getMethod("getFDVal");
            getFd.setAccessible(true);
            channel = MethodHandles.lookup().unreflect(getFd).asType(MethodType.methodType(int.class,
                    DatagramChannel.class));
            Class<?> epoll = Class.forName("sun.nio.ch.EPollSelectorImpl");
            Field epfd = epoll.getDeclaredField("epfd");
            epfd.setAccessible(true);
            selector = MethodHandles.lookup().unreflectGetter(epfd).asType(MethodType.methodType(int.class,
                    Selector.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "the JDK's socket and epoll descriptors cannot be read (" + e.getMessage() + "): start with"
                    + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED (java -jar media-sidecar.jar does)";
        }
        CHANNEL_FD = channel;
        SELECTOR_FD = selector;
        PROBLEM = problem;
    }

    private JdkDescriptors() {
    }

    static String problem() {
        return PROBLEM;
    }

    static int of(DatagramChannel channel) {
        try {
            return (int) CHANNEL_FD.invokeExact(channel);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read a channel's descriptor", t);
        }
    }

    /** The epoll descriptor of a selector opened by {@link Selector#open()} on Linux. */
    static int of(Selector selector) {
        try {
            return (int) SELECTOR_FD.invokeExact(selector);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read a selector's descriptor", t);
        }
    }
}
