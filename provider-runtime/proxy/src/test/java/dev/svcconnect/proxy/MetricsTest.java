package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.Direction;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import org.junit.jupiter.api.Test;

class MetricsTest extends Closer {

    @Test
    void metricsCarryServiceConnectNamesLabelsAndExactCountsAfterKnownTraffic() {
        HttpBackend ok = closing(HttpBackend.start("ok"));
        HttpBackend failing = closing(HttpBackend.start("failing").status(500));
        HttpBackend app = closing(HttpBackend.start("app"));
        Proxy proxy = closing(Proxy.builder()
                .start(ProxyConfig.builder()
                        .admin(new AdminConfig(Configs.freeAddress()))
                        .serviceName("web")
                        .clusterName("prod")
                        .listener(Configs.listener("out")
                                .discoveryName("orders")
                                .protocol(Protocol.HTTP)
                                .endpoint(ok.address())
                                .build())
                        .listener(Configs.listener("bad")
                                .discoveryName("billing")
                                .protocol(Protocol.HTTP)
                                .endpoint(failing.address())
                                .build())
                        .listener(Configs.listener("in")
                                .discoveryName("web")
                                .direction(Direction.INBOUND)
                                .protocol(Protocol.HTTP)
                                .endpoint(app.address())
                                .build())
                        .build()));
        String out = "http://127.0.0.1:" + proxy.listenerAddress("out").getPort();
        String bad = "http://127.0.0.1:" + proxy.listenerAddress("bad").getPort();
        String in = "http://127.0.0.1:" + proxy.listenerAddress("in").getPort();

        Curl.run(out + "/1", out + "/2", out + "/3");
        Curl.run(bad + "/1", bad + "/2");
        Curl.run(in + "/a", in + "/b", in + "/c");
        Curl.run("-H", "content-type: application/grpc", in + "/grpc");
        await().until(() -> proxy.metrics()
                .scrape()
                .contains("ActiveConnectionCount{ClusterName=\"prod\",DiscoveryName=\"web\",ServiceName=\"web\"} 0"));
        String metrics = Curl.run("http://127.0.0.1:" + proxy.adminAddress().getPort() + "/metrics")
                .out();

        String orders = "{ClusterName=\"prod\",ServiceName=\"web\",TargetDiscoveryName=\"orders\"}";
        String billing = "{ClusterName=\"prod\",ServiceName=\"web\",TargetDiscoveryName=\"billing\"}";
        String web = "{ClusterName=\"prod\",DiscoveryName=\"web\",ServiceName=\"web\"}";
        assertThat(metrics)
                .contains(
                        "RequestCountPerTarget_total" + orders + " 3.0",
                        "HTTPCode_Target_2XX_Count_total" + orders + " 3.0",
                        "HTTPCode_Target_5XX_Count_total" + orders + " 0.0",
                        "TargetResponseTime_count" + orders + " 3",
                        "RequestCountPerTarget_total" + billing + " 2.0",
                        "HTTPCode_Target_5XX_Count_total" + billing + " 2.0",
                        "HTTPCode_Target_2XX_Count_total" + billing + " 0.0",
                        "RequestCount_total" + web + " 4.0",
                        "GrpcRequestCount_total" + web + " 1.0",
                        "NewConnectionCount_total" + web + " 2.0",
                        "ActiveConnectionCount" + web + " 0");
        assertThat(metrics)
                .containsPattern(
                        "TargetResponseTime_bucket\\{ClusterName=\"prod\",ServiceName=\"web\",TargetDiscoveryName=\"orders\",le=\"[0-9.]+\"\\} \\d");
        assertThat(metrics)
                .containsPattern(
                        "ProcessedBytes_total" + web.replace("{", "\\{").replace("}", "\\}") + " [1-9]");
        assertThat(metrics)
                .containsPattern("TargetProcessedBytes_total"
                        + orders.replace("{", "\\{").replace("}", "\\}") + " [1-9]");
    }
}
