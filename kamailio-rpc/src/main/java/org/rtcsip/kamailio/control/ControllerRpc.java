package org.rtcsip.kamailio.control;

import java.util.List;
import org.rtcsip.kamailio.rpc.KamailioRpcClient;
import org.rtcsip.kamailio.rpc.KamailioStatistics;
import org.rtcsip.kamailio.rpc.RtpengineNode;
import org.rtcsip.kamailio.rpc.RtpengineReply;

/**
 * The JSON-RPC calls the {@link OpsController} makes, as {@link KamailioRpcClient} makes them (same
 * results, same exceptions); tests pass a fake.
 */
public interface ControllerRpc {

    /** Kamailio's JSON-RPC URL, for log lines. */
    String url();

    /** {@code rtpengine.enable <url> 1|0}. */
    RtpengineReply rtpengineEnable(String ngUrl, boolean enable);

    /** {@code rtpengine.show all}. */
    List<RtpengineNode> rtpengineShow();

    /** {@code stats.get_statistics <group>: ...}. */
    KamailioStatistics statistics(String... groups);

    /** The calls made by {@code client}. */
    static ControllerRpc of(KamailioRpcClient client) {
        return new ControllerRpc() {
            @Override
            public String url() {
                return client.url();
            }

            @Override
            public RtpengineReply rtpengineEnable(String ngUrl, boolean enable) {
                return client.rtpengineEnable(ngUrl, enable);
            }

            @Override
            public List<RtpengineNode> rtpengineShow() {
                return client.rtpengineShow();
            }

            @Override
            public KamailioStatistics statistics(String... groups) {
                return client.statistics(groups);
            }
        };
    }
}
