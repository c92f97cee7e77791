package dev.svcconnect.controlplane.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneConfig;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.controlplane.server.ControlPlaneServer;
import dev.svcconnect.controlplane.server.SdkClients;
import dev.svcconnect.controlplane.tls.Pem;
import dev.svcconnect.model.Json;
import dev.svcconnect.model.tls.KeyPairs;
import dev.svcconnect.model.watch.CertificateRequest;
import dev.svcconnect.model.watch.WorkloadCertificate;
import dev.svcconnect.testsupport.MotoServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code --aws-private-ca}: a Service Connect service whose {@code tls} block names an AWS Private
 * CA gets workload certificates from a subordinate of that private CA, which every proxy trusts
 * beside the mesh root; against moto's ACM PCA (its subordinate templates given AWS's extensions,
 * see {@code moto/acmpca_subordinate.py}) and a real control plane.
 */
class AwsPrivateCaIssuerTest {

    private static final String MISSING_CA =
            "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000";

    @TempDir
    static Path data;

    private static MotoServer moto;
    private static AcmPcaClient pca;
    private static String privateCaArn;
    private static X509Certificate privateCaCertificate;
    private static ControlPlaneServer server;
    private static EcsClient ecs;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> PROXY_KEYS = new HashMap<>();

    @BeforeAll
    static void aRootPrivateCaInMotoAndAControlPlaneThatUsesIt() throws Exception {
        moto = MotoServer.startWith(
                Path.of(AwsPrivateCaIssuerTest.class
                        .getResource("/moto/acmpca_subordinate.py")
                        .toURI()),
                Map.of());
        pca = AcmPcaClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        privateCaArn = createRootCa();
        privateCaCertificate = Pem.parseCertificates(
                        pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(privateCaArn))
                                .certificate(),
                        "GetCertificateAuthorityCertificate")
                .get(0);

        // The control plane's ACM PCA client takes its credentials from the SDK's default chain.
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
        server = ControlPlaneServer.start(ControlPlaneConfig.builder()
                .port(0)
                .dataDirectory(data)
                .privateCa(PrivateCaSettings.defaults().withEndpoint(moto.endpoint()))
                .build());
        ecs = ControlPlaneFixture.ecs(server.endpoint(), ControlPlaneFixture.provider(server.adminCredentials()));
        SdkClients.cluster(ecs, "east", "shop");
        JsonNode host = registerHost();
        String agent = bearer(host);
        service("pay", privateCaArn);
        service("web", null);
        service("lost", MISSING_CA);
        String hostId = host.get("hostId").asText();
        JsonNode tasks = json(get("/watch/v1/hosts/" + hostId + "/tasks?waitSeconds=0", agent))
                .at("/value/tasks");
        for (JsonNode assignment : tasks) {
            String arn = assignment.at("/task/taskArn").asText();
            String family = assignment.at("/task/taskDefinitionArn").asText().replaceAll(".*/([^:]+):\\d+$", "$1");
            String task = arn.substring(arn.lastIndexOf('/') + 1);
            PROXY_KEYS.put(
                    family, task + " " + bearer(json(send("/watch/v1/tasks/" + task + "/proxy-key", agent, "{}"))));
        }
        assertThat(PROXY_KEYS).containsOnlyKeys("pay", "web", "lost");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (moto != null) {
            moto.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aServiceNamingAPrivateCaGetsACertificateThatChainsToThePrivateCa() throws Exception {
        KeyPair key = KeyPairs.ecP256();

        WorkloadCertificate pay = certificate("pay", key);

        List<X509Certificate> chain = Pem.parseCertificates(pay.certificateChain(), "certificateChain");
        assertThat(pay.identities()).contains("spiffe://svc-connect.local/ns/shop/svc/pay");
        assertThat(chain.get(0).getPublicKey()).isEqualTo(key.getPublic());
        assertThat(chain.get(0).getSubjectAlternativeNames().stream()
                        .map(name -> name.get(1).toString())
                        .toList())
                .contains("spiffe://svc-connect.local/ns/shop/svc/pay");
        assertThat(chain.get(1).getIssuerX500Principal()).isEqualTo(privateCaCertificate.getSubjectX500Principal());
        assertThat(chain.get(1).getBasicConstraints()).isZero();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(privateCaCertificate, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        assertThat(Pem.parseCertificates(pay.trustBundle(), "trustBundle")).contains(privateCaCertificate);
        Path keyFile;
        try (var files = Files.find(data.resolve("mesh-ca/aws-private-ca"), 2, (path, a) -> path.endsWith("key.pem"))) {
            keyFile = files.findFirst().orElseThrow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
    }

    @Test
    void aPrivateCaCertificateAndAMeshRootCertificateAuthenticateEachOtherWithTheTrustBundle() throws Exception {
        KeyPair payKey = KeyPairs.ecP256();
        KeyPair webKey = KeyPairs.ecP256();
        WorkloadCertificate pay = certificate("pay", payKey);
        WorkloadCertificate web = certificate("web", webKey);
        List<X509Certificate> webChain = Pem.parseCertificates(web.certificateChain(), "certificateChain");
        assertThat(webChain.get(webChain.size() - 1).getIssuerX500Principal())
                .isNotEqualTo(privateCaCertificate.getSubjectX500Principal());
        assertThat(Pem.parseCertificates(web.trustBundle(), "trustBundle")).contains(privateCaCertificate);

        SSLContext payContext = context(payKey, pay);
        SSLContext webContext = context(webKey, web);
        try (SSLServerSocket listener = (SSLServerSocket)
                payContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    X509Certificate peer =
                            (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                    OutputStream out = accepted.getOutputStream();
                    out.write('!');
                    out.flush();
                    return peer.getSubjectAlternativeNames()
                            .iterator()
                            .next()
                            .get(1)
                            .toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) webContext
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setEnabledProtocols(new String[] {"TLSv1.3"});
                client.startHandshake();
                InputStream in = client.getInputStream();
                assertThat(in.read()).isEqualTo('!');
                X509Certificate peer = (X509Certificate) client.getSession().getPeerCertificates()[0];
                assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(peer.getSubjectAlternativeNames().iterator().next().get(1))
                        .isEqualTo("spiffe://svc-connect.local/ns/shop/svc/pay");
            }
            assertThat(serverSide.get(10, TimeUnit.SECONDS)).isEqualTo("spiffe://svc-connect.local/ns/shop/svc/web");
        }
    }

    @Test
    void aMissingPrivateCaIsAnErrorNamingItsArnAndTheAwsErrorNeverAMeshRootCertificate() throws Exception {
        String[] task = PROXY_KEYS.get("lost").split(" ", 2);
        String csr = PrivateCaSubordinate.certificateRequest(KeyPairs.ecP256(), "a sidecar");

        HttpResponse<String> response = send(
                "/watch/v1/tasks/" + task[0] + "/certificate",
                task[1],
                Json.mapper().writeValueAsString(new CertificateRequest(csr)));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains("PrivateCaUnavailableException")
                .contains("AWS Private CA " + MISSING_CA)
                .contains("ResourceNotFoundException")
                .doesNotContain("BEGIN CERTIFICATE");
    }

    private static WorkloadCertificate certificate(String service, KeyPair key) throws Exception {
        String[] task = PROXY_KEYS.get(service).split(" ", 2);
        String csr = PrivateCaSubordinate.certificateRequest(key, "a sidecar");
        HttpResponse<String> response = send(
                "/watch/v1/tasks/" + task[0] + "/certificate",
                task[1],
                Json.mapper().writeValueAsString(new CertificateRequest(csr)));
        return Json.mapper()
                .readValue(json(response).toString(), WorkloadCertificate.class)
                .validate();
    }

    /** What a proxy builds from its answer: its key and chain, and the trust bundle as its anchors. */
    private static SSLContext context(KeyPair key, WorkloadCertificate answer) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "workload",
                key.getPrivate(),
                new char[0],
                Pem.parseCertificates(answer.certificateChain(), "certificateChain")
                        .toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> bundle = Pem.parseCertificates(answer.trustBundle(), "trustBundle");
        for (int i = 0; i < bundle.size(); i++) {
            trust.setCertificateEntry("ca-" + i, bundle.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** A root CA as a user makes one: create it, sign its CSR with the RootCACertificate template, import it. */
    private static String createRootCa() {
        String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.ROOT)
                        .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.RSA_2048)
                                .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
                                .subject(s -> s.commonName("Example Corp private CA"))))
                .certificateAuthorityArn();
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn))
                .csr();
        String certificateArn = pca.issueCertificate(r -> r.certificateAuthorityArn(arn)
                        .csr(SdkBytes.fromString(csr, StandardCharsets.US_ASCII))
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
                        .templateArn("arn:aws:acm-pca:::template/RootCACertificate/V1")
                        .validity(v -> v.type(ValidityPeriodType.YEARS).value(10L)))
                .certificateArn();
        String certificate = pca.getCertificate(
                        r -> r.certificateAuthorityArn(arn).certificateArn(certificateArn))
                .certificate();
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromString(certificate, StandardCharsets.US_ASCII)));
        return arn;
    }

    private static void service(String name, String privateCa) {
        SdkClients.taskDefinition(ecs, name, "http", 8080, "http");
        SdkClients.scService(
                ecs,
                "east",
                name,
                name,
                1,
                sc -> sc.enabled(true).services(s -> {
                    s.portName("http")
                            .discoveryName(name)
                            .clientAliases(a -> a.port(80).dnsName(name + ".shop"));
                    if (privateCa != null) {
                        s.tls(t -> t.issuerCertificateAuthority(i -> i.awsPcaAuthorityArn(privateCa)));
                    }
                }));
    }

    private static JsonNode registerHost() throws Exception {
        String token = TestSigning.call(
                        server.endpoint(),
                        server.adminCredentials(),
                        "CreateJoinToken",
                        Json.mapper().createObjectNode().put("Cluster", "east").put("TtlSeconds", 600))
                .get("JoinToken")
                .asText();
        return json(send(
                "/watch/v1/hosts",
                "Bearer " + token,
                "{\"cluster\":\"east\",\"launchType\":\"FARGATE\",\"address\":\"10.0.0.1\"}"));
    }

    private static HttpResponse<String> send(String path, String authorization, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.endpoint().resolve(path))
                        .header("Authorization", authorization)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static String bearer(JsonNode key) {
        return "Bearer " + key.get("accessKeyId").asText() + ":"
                + key.get("secretAccessKey").asText();
    }
}
