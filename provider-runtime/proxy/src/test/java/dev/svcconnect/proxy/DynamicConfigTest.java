package dev.svcconnect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.model.proxy.AdminConfig;
import dev.svcconnect.model.proxy.ListenerConfig;
import dev.svcconnect.model.proxy.Protocol;
import dev.svcconnect.model.proxy.ProxyConfig;
import dev.svcconnect.proxy.support.Closer;
import dev.svcconnect.proxy.support.Configs;
import dev.svcconnect.proxy.support.KeepAliveClient;
import dev.svcconnect.proxy.support.WatchServer;
import dev.svcconnect.testsupport.Curl;
import dev.svcconnect.testsupport.HttpBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicConfigTest extends Closer {

    private final String admin = Configs.freeAddress();
    private final String webBind = Configs.freeAddress();

    private ProxyConfig config(ListenerConfig... listeners) {
        ProxyConfig.Builder builder =
                ProxyConfig.builder().admin(new AdminConfig(admin)).taskArn("task-1");
        for (ListenerConfig listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    private ListenerConfig web(HttpBackend backend) {
        return ListenerConfig.builder()
                .name("web")
                .bind(webBind)
                .protocol(Protocol.HTTP)
                .discoveryName("web")
                .endpoint(backend.address())
                .build();
    }

    private Proxy follow(WatchServer watch) throws Exception {
        DynamicProxy dynamic =
                closing(DynamicProxy.follow(watch.uri(), "task-1", Proxy.builder(), Duration.ofMillis(50)));
        return dynamic.started().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anEndpointChangeTakesEffectWithoutDroppingAnEstablishedConnection() throws Exception {
        HttpBackend a = closing(HttpBackend.start("a"));
        HttpBackend b = closing(HttpBackend.start("b"));
        WatchServer watch = closing(new WatchServer("task-1", 0, 1, config(web(a))));
        Proxy proxy = follow(watch);
        KeepAliveClient client =
                closing(new KeepAliveClient(proxy.listenerAddress("web").getPort()));
        assertThat(client.get("/before")).isEqualTo("a GET /before 0\n");

        watch.publish(config(web(b)));

        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/after").startsWith("b "));
        assertThat(client.get("/again")).isEqualTo("b GET /again 0\n");
    }

    @Test
    void listenersAreAddedAndRemovedWhileOthersKeepServing() throws Exception {
        HttpBackend a = closing(HttpBackend.start("a"));
        WatchServer watch = closing(new WatchServer("task-1", 0, 7, config(web(a))));
        Proxy proxy = follow(watch);
        String extraBind = Configs.freeAddress();
        KeepAliveClient client =
                closing(new KeepAliveClient(proxy.listenerAddress("web").getPort()));

        watch.publish(config(
                web(a),
                ListenerConfig.builder()
                        .name("extra")
                        .bind(extraBind)
                        .protocol(Protocol.HTTP)
                        .discoveryName("extra")
                        .endpoint(a.address())
                        .build()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Curl.run("http://" + extraBind + "/x").out().equals("a GET /x 0\n"));
        watch.publish(config(web(a)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Curl.run("http://" + extraBind + "/x").exitCode() == 7);

        assertThat(client.get("/still")).isEqualTo("a GET /still 0\n");
    }

    @Test
    void anUnreachableControlPlaneLeavesTheLastConfigurationServingAndTheWatchResumes() throws Exception {
        HttpBackend a = closing(HttpBackend.start("a"));
        HttpBackend b = closing(HttpBackend.start("b"));
        WatchServer first = new WatchServer("task-1", 0, 3, config(web(a)));
        int port = first.port();
        Proxy proxy = follow(first);
        String stats = "http://" + admin + "/stats";

        first.close();
        await().atMost(Duration.ofSeconds(40))
                .until(() -> Curl.run(stats).out().contains("\"controlPlaneConnected\" : false"));
        assertThat(Curl.run("http://" + webBind + "/meanwhile").out()).isEqualTo("a GET /meanwhile 0\n");

        closing(new WatchServer("task-1", port, 10, config(web(b))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Curl.run("http://" + webBind + "/later").out().startsWith("b "));
        assertThat(Curl.run(stats).out()).contains("\"controlPlaneConnected\" : true", "\"revision\" : 10");
        assertThat(proxy.listenerAddress("web").getPort()).isEqualTo(Integer.parseInt(webBind.split(":")[1]));
    }

    /**
     * A first configuration the proxy cannot apply yet (here its admin port is still held, as by
     * a process that is going away) is fetched and applied again, until it can be: the proxy does
     * not wait for a next revision that may never come.
     */
    @Test
    void aFirstConfigurationThatCannotBeAppliedYetIsAppliedOnceItCan() throws Exception {
        HttpBackend a = closing(HttpBackend.start("a"));
        String[] hostPort = admin.split(":");
        ServerSocket holder = new ServerSocket(Integer.parseInt(hostPort[1]), 50, InetAddress.getByName(hostPort[0]));
        WatchServer watch = closing(new WatchServer("task-1", 0, 4, config(web(a))));
        DynamicProxy dynamic =
                closing(DynamicProxy.follow(watch.uri(), "task-1", Proxy.builder(), Duration.ofMillis(50)));

        await().atMost(Duration.ofSeconds(10)).until(() -> watch.configurationsSent() >= 2);
        assertThat(dynamic.started()).isNotDone();
        holder.close();

        Proxy proxy = dynamic.started().get(10, TimeUnit.SECONDS);
        assertThat(Curl.run("http://" + webBind + "/now").out()).isEqualTo("a GET /now 0\n");
        assertThat(Curl.run("http://" + admin + "/stats").out()).contains("\"revision\" : 4");
        assertThat(proxy.listenerAddress("web").getPort()).isEqualTo(Integer.parseInt(webBind.split(":")[1]));
    }
}
