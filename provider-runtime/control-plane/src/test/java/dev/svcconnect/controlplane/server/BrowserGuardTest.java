package dev.svcconnect.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.testsupport.Curl;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page in a browser cannot make the control plane do: be reached under a name of the
 * page's own (DNS rebinding), or change anything by a cross-site form post. Every request is
 * made with curl, as a browser would send it.
 */
class BrowserGuardTest {

    private static final String LIST_CLUSTERS = "X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters";

    @TempDir
    Path data;

    private ControlPlaneServer server;
    private String base;
    private int port;

    @BeforeEach
    void start() {
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data)
                .allowedHosts(List.of("cp.example.internal"))
                .build());
        port = server.port();
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aHostThatNamesAnotherSiteIsMisdirected() {
        Curl.Result result = Curl.run("-i", "-H", "Host: evil.example", base + "/console/api/namespaces");

        assertThat(result.out())
                .startsWith("HTTP/1.1 421 Misdirected Request")
                .contains("\"__type\":\"MisdirectedRequestException\"")
                .contains("Host: 'evil.example' is not a name of this control plane (expected: localhost,"
                        + " a loopback address, an address of this host, or one of cp.example.internal,"
                        + " localhost; add a name with --allowed-host NAME).");
    }

    @Test
    void aPageWhoseNameWasReboundToTheControlPlaneReadsNothing() {
        // What the browser does after the attacker's DNS answers 127.0.0.1 for its own name.
        Curl.Result rebound = Curl.run(
                "-i",
                "--resolve",
                "rebind.evil.example:" + port + ":127.0.0.1",
                "http://rebind.evil.example:" + port + "/console/api/namespaces");

        assertThat(rebound.out()).startsWith("HTTP/1.1 421").doesNotContain("namespaces\":");
    }

    @Test
    void localhostLoopbackAnAllowedNameAndAnAddressOfThisHostAreServed() {
        assertThat(Curl.statuses(base + "/health", "http://localhost:" + port + "/health"))
                .containsExactly("200", "200");
        Curl.Result allowed = Curl.run(
                "--resolve",
                "cp.example.internal:" + port + ":127.0.0.1",
                "http://cp.example.internal:" + port + "/health");
        assertThat(allowed.out()).startsWith("{\"status\":\"ok\"");

        // The agents' relays reach the API under the address of their bridge: an address of this host.
        Optional<String> own = nonLoopbackAddress();
        Assumptions.assumeTrue(own.isPresent(), "this host has an address besides loopback");
        Curl.Result byAddress = Curl.run("-H", "Host: " + own.get() + ":" + port, base + "/health");
        assertThat(byAddress.out()).startsWith("{\"status\":\"ok\"");
    }

    @Test
    void aCrossSiteFormPostIsRefusedWhateverItsContentType() {
        Curl.Result crossSite =
                Curl.run("-i", "-H", "Origin: http://evil.example", "-H", LIST_CLUSTERS, "-d", "{}", base + "/");
        Curl.Result textPlain =
                Curl.run("-i", "-H", "Content-Type: text/plain", "-H", LIST_CLUSTERS, "-d", "{}", base + "/");
        Curl.Result urlEncoded = Curl.run("-i", "-d", "{}", base + "/watch/v1/hosts");
        Curl.Result multipart = Curl.run("-i", "-X", "PUT", "-F", "a=b", base + "/local/v1/stacks/s1");

        assertThat(crossSite.out())
                .startsWith("HTTP/1.1 403")
                .contains("Origin: 'http://evil.example' may not change anything here (expected: no Origin, or"
                        + " this server's own, http://127.0.0.1:" + port + ").");
        assertThat(textPlain.out())
                .startsWith("HTTP/1.1 415")
                .contains("\"__type\":\"UnsupportedMediaTypeException\"")
                .contains("Content-Type: 'text/plain' is what an HTML form sends");
        assertThat(urlEncoded.out()).startsWith("HTTP/1.1 415");
        assertThat(multipart.out()).startsWith("HTTP/1.1 415");
    }

    @Test
    void theApisOwnClientsAndTheConsolesOwnOriginAreServed() {
        // curl signs with SigV4 itself (--aws-sigv4), as an AWS SDK does.
        String key = server.adminCredentials().accessKeyId() + ":"
                + server.adminCredentials().secretAccessKey();
        Curl.Result awsJson = Curl.run(
                "--aws-sigv4",
                "aws:amz:us-east-1:ecs",
                "--user",
                key,
                "-H",
                "Content-Type: application/x-amz-json-1.1",
                "-H",
                LIST_CLUSTERS,
                "-d",
                "{}",
                base + "/");
        Curl.Result sameOrigin = Curl.run(
                "--aws-sigv4",
                "aws:amz:us-east-1:ecs",
                "--user",
                key,
                "-H",
                "Origin: " + base,
                "-H",
                "Content-Type: application/x-amz-json-1.1",
                "-H",
                LIST_CLUSTERS,
                "-d",
                "{}",
                base + "/");
        Curl.Result noType = Curl.run("-X", "DELETE", base + "/local/v1/stacks/none");

        assertThat(awsJson.out()).isEqualTo("{\"clusterArns\":[]}");
        assertThat(sameOrigin.out()).isEqualTo("{\"clusterArns\":[]}");
        assertThat(noType.exitCode()).isZero();
        assertThat(noType.out()).doesNotContain("UnsupportedMediaType", "AccessDenied");
    }

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicyAndNoFraming() {
        Curl.Result page = Curl.run("-i", base + "/console/");

        assertThat(page.out())
                .contains("Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self';"
                        + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none';"
                        + " frame-ancestors 'none'")
                .contains("X-Frame-Options: DENY")
                .contains("X-Content-Type-Options: nosniff")
                .contains("<script src=\"/console/assets/console.js\"></script>");
    }

    private static Optional<String> nonLoopbackAddress() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (java.net.SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
