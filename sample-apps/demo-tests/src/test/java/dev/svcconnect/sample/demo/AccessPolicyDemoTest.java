package dev.svcconnect.sample.demo;

import static dev.svcconnect.sample.demo.SvcConnectCli.curl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's page and appserver's access policy, as a user changes it: with the command line
 * ({@code svc-connect access put --allow db}, then {@code --allow webui}) and with the construct's
 * {@code allowedCallers} and a redeploy. A policy that leaves webui out makes the page fail with
 * the rule that refused it within a few seconds; one that lists webui brings it back. Needs root
 * (network namespaces), Node.js, curl and ip.
 */
class AccessPolicyDemoTest {

    /** How soon a policy change shows on the page: a second to reach the proxies, plus the page's own call. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

    private static final String REFUSED = "access denied: caller 'svc-namespace/webui' may not call 'appserver'"
            + " of namespace 'svc-namespace': its access policy allows db";

    @TempDir
    Path work;

    @Test
    void aPolicyWithoutWebuiFailsThePageClearlyAndOneWithItRestoresIt() throws Exception {
        int port = SvcConnectCli.freePortPair();
        Path dir = work.resolve("access");
        String pageUrl = "http://127.0.0.1:" + port + "/";
        try {
            SvcConnectCli.run(context(port, null), 240, "deploy", "--dir", dir.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> status(pageUrl).equals("200"));

            access(dir, "put", "--allow", "db");
            await().atMost(FEW_SECONDS)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> status(pageUrl).equals("403"));
            assertThat(curl(pageUrl))
                    .contains("403 Forbidden")
                    .contains("appserver refused webui: ")
                    .contains(REFUSED.replace("'", "&#39;"));

            access(dir, "put", "--allow", "webui");
            await().atMost(FEW_SECONDS)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> status(pageUrl).equals("200"));
            access(dir, "delete");

            SvcConnectCli.run(context(port, "db"), 240, "deploy", "--dir", dir.toString());
            await().atMost(FEW_SECONDS)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> status(pageUrl).equals("403"));
            assertThat(curl(pageUrl)).contains(REFUSED.replace("'", "&#39;"));

            SvcConnectCli.run(context(port, "webui"), 240, "deploy", "--dir", dir.toString());
            await().atMost(FEW_SECONDS)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> status(pageUrl).equals("200"));
            assertThat(curl(pageUrl)).contains("Hello from appserver");
        } finally {
            DemoEndToEndTest.destroyQuietly(dir);
        }
    }

    private static String status(String url) {
        return curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", url);
    }

    /** {@code svc-connect access OPERATION} for appserver in the deployment of {@code dir}. */
    private static void access(Path dir, String operation, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "access",
                operation,
                "--dir",
                dir.toString(),
                "--namespace",
                "svc-namespace",
                "--service",
                "appserver"));
        command.addAll(List.of(args));
        SvcConnectCli.run(Map.of(), 60, command.toArray(String[]::new));
    }

    /** The deploy's context: the page's port and appserver's {@code allowedCallers} (null: none given). */
    private static Map<String, String> context(int port, String appserverCallers) {
        return Map.of(
                "CDK_CONTEXT_JSON",
                "{\"sample:port\":" + port
                        + (appserverCallers == null ? "" : ",\"sample:appserverCallers\":\"" + appserverCallers + "\"")
                        + "}");
    }
}
