package dev.svcconnect.proxy.tls;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.model.Json;
import dev.svcconnect.model.identity.WorkloadIdentity;
import dev.svcconnect.model.tls.CaBundle;
import dev.svcconnect.model.tls.KeyPairs;
import dev.svcconnect.model.watch.CertificateRequest;
import dev.svcconnect.model.watch.ControlPlaneEndpoints;
import dev.svcconnect.model.watch.WorkloadCertificate;
import dev.svcconnect.proxy.config.ControlPlaneKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar's workload certificate from the control plane ({@code POST
 * /watch/v1/tasks/{taskId}/certificate} with the task's proxy key): a new key pair made here, a
 * certificate request for it, and the signed chain and trust bundle back. {@link #start} gets the
 * first one, then renews at about two thirds of each certificate's remaining life, swapping it
 * into the {@link MeshTls} without touching open connections; a failed renewal is tried again
 * soon, while the current certificate is still valid.
 *
 * <pre>{@code
 * WorkloadCertificates certificates = WorkloadCertificates.forTask(replicas, caBundle, taskId, Clock.systemUTC());
 * MeshTls tls = certificates.start(Duration.ofSeconds(60));
 * }</pre>
 */
public final class WorkloadCertificates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkloadCertificates.class);
    /** Renewal at this share of the life left when a certificate arrives. */
    static final double RENEW_AT = 2.0 / 3.0;
    /** The longest wait before a failed request is tried again. */
    static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final ControlPlaneEndpoints replicas;
    private final String requester;
    private final String path;
    private final Clock clock;
    private final HttpClient client;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("workload-certificates", true));
    private volatile MeshTls tls;
    private volatile long renewals;

    private WorkloadCertificates(
            ControlPlaneEndpoints replicas, Optional<CaBundle> caBundle, String path, String requester, Clock clock) {
        this.replicas = requireNonNull(replicas, "replicas");
        this.requester = requireNonNull(requester, "requester");
        this.clock = requireNonNull(clock, "clock");
        this.path = requireNonNull(path, "path");
        this.client = CaBundle.httpClient(requireNonNull(caBundle, "caBundle"))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The certificates of a task's sidecar, asked for with the task's proxy key. */
    public static WorkloadCertificates forTask(
            ControlPlaneEndpoints replicas, Optional<CaBundle> caBundle, String taskId, Clock clock) {
        String path = "/watch/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/certificate";
        return new WorkloadCertificates(replicas, caBundle, path, "task " + taskId, clock);
    }

    /** The certificates of the host load balancer of a discovery name, asked for with its reader key. */
    public static WorkloadCertificates forLoadBalancer(
            ControlPlaneEndpoints replicas,
            Optional<CaBundle> caBundle,
            String namespace,
            String discoveryName,
            Clock clock) {
        String path = "/watch/v1/namespaces/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                + "/load-balancers/" + URLEncoder.encode(discoveryName, StandardCharsets.UTF_8) + "/certificate";
        return new WorkloadCertificates(replicas, caBundle, path, "load balancer " + discoveryName, clock);
    }

    /**
     * Gets the first certificate, trying again for up to {@code patience}, and schedules its renewals.
     *
     * @throws IllegalStateException naming the last failure when none came within {@code patience}
     */
    public synchronized MeshTls start(Duration patience) {
        if (tls != null) {
            return tls;
        }
        Instant deadline = clock.instant().plus(patience);
        long backoff = 200;
        while (true) {
            try {
                MeshCredentials credentials = request();
                tls = MeshTls.of(credentials);
                log.info(
                        "workload certificate for {} until {} ({})",
                        credentials.identities(),
                        credentials.expiresAt(),
                        MeshTls.implementation());
                scheduleRenewal(credentials);
                return tls;
            } catch (IOException | RuntimeException e) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "no workload certificate from the control plane within " + patience.toSeconds() + " s: "
                                    + e.getMessage(),
                            e);
                }
                log.warn("no workload certificate yet, trying again: {}", e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_RETRY.toMillis());
            }
        }
    }

    /** The TLS contexts, once the first certificate came. */
    public Optional<MeshTls> current() {
        return Optional.ofNullable(tls);
    }

    /** How many times the certificate was renewed. */
    public long renewals() {
        return renewals;
    }

    private void scheduleRenewal(MeshCredentials credentials) {
        Duration left = Duration.between(clock.instant(), credentials.expiresAt());
        long delay = Math.max(0, (long) (left.toMillis() * RENEW_AT));
        timer.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            MeshCredentials credentials = request();
            tls.update(credentials);
            renewals++;
            log.info("workload certificate renewed until {}", credentials.expiresAt());
            scheduleRenewal(credentials);
        } catch (IOException | RuntimeException e) {
            Duration left = Duration.between(clock.instant(), tls.credentials().expiresAt());
            long retry = Math.max(100, Math.min(MAX_RETRY.toMillis(), left.toMillis() / 10));
            log.warn(
                    "workload certificate not renewed ({} left), trying again in {} ms: {}",
                    left,
                    retry,
                    e.getMessage());
            timer.schedule(this::renew, retry, TimeUnit.MILLISECONDS);
        }
    }

    /** One request to the current replica: a new key pair, signed. */
    MeshCredentials request() throws IOException {
        KeyPair pair = KeyPairs.ecP256();
        byte[] body = Json.mapper()
                .writeValueAsBytes(new CertificateRequest(WorkloadKeys.certificateRequest(pair, requester)));
        URI replica = replicas.current();
        HttpRequest request = ControlPlaneKey.request(replica, path)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            replicas.failed(replica);
            throw new IOException(CaBundle.describe(e), e);
        }
        if (response.statusCode() != 200) {
            if (response.statusCode() >= 500) {
                replicas.failed(replica);
            }
            throw new IOException(ControlPlaneKey.withoutKey(replica) + path + " answered " + response.statusCode()
                    + ": " + response.body().strip());
        }
        WorkloadCertificate answer = Json.mapper()
                .readValue(response.body(), WorkloadCertificate.class)
                .validate();
        return new MeshCredentials(
                pair.getPrivate(),
                certificates(answer.certificateChain(), "certificateChain"),
                certificates(answer.trustBundle(), "trustBundle"),
                answer.identities().stream().map(WorkloadIdentity::parse).toList());
    }

    private static List<X509Certificate> certificates(String pem, String field) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new IOException(field + ": not PEM certificates (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(field + ": holds no certificate");
        }
        return certificates;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a workload certificate", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
