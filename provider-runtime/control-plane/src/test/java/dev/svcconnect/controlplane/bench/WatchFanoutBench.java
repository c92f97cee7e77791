package dev.svcconnect.controlplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcconnect.controlplane.auth.AccessKey;
import dev.svcconnect.controlplane.auth.Identity;
import dev.svcconnect.controlplane.auth.Role;
import dev.svcconnect.controlplane.auth.TestSigning;
import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import dev.svcconnect.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load driver of {@code bench/watch-fanout.sh}: against a control plane running in its own
 * process, (1) opens one streamed watch of its proxy configuration for each of WATCHERS tasks of one
 * namespace (simulated proxies, {@link StreamWatchers}, each with its task's own key) and measures,
 * over ROUNDS endpoint changes (a Cloud Map instance registered, then deregistered), the time from
 * the change's call to each watcher's line of the new revision, with the control plane's CPU time
 * and memory; (2) closes them, creates TASKS tasks of a service in the namespace (placed on
 * hosts), reports up to REPORTS of them RUNNING (so registered in Cloud Map) for at most a minute,
 * and reports the control plane's resident memory and heap.
 * Every loop is bounded in count and time.
 */
public final class WatchFanoutBench {

    private static final String ECS = AdminCalls.ECS;
    private static final String CLOUD_MAP = AdminCalls.CLOUD_MAP;
    private static final int SOURCES = 8;
    private static final int THREADS = 8;
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
    /** How long tasks are reported RUNNING, one after another: each report is a commit (fsync). */
    private static final Duration REPORT_TIME = Duration.ofSeconds(60);

    private final URI endpoint;
    private final long pid;
    private final AccessKey admin;
    private final AdminCalls calls;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "host-heartbeats");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private WatchFanoutBench(URI endpoint, long pid, AccessKey admin) {
        this.endpoint = endpoint;
        this.pid = pid;
        this.admin = admin;
        this.calls = new AdminCalls(http, endpoint, admin);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println(
                    "usage: WatchFanoutBench http://HOST:PORT DATA_DIRECTORY PID WATCHERS ROUNDS TASKS REPORTS");
            System.exit(2);
        }
        var credentials = ControlPlaneFixture.adminOf(Path.of(args[1])).resolveCredentials();
        AccessKey admin = new AccessKey(
                Identity.user(credentials.accessKeyId(), Role.ADMIN, "bootstrap"), credentials.secretAccessKey());
        WatchFanoutBench bench = new WatchFanoutBench(URI.create(args[0]), Long.parseLong(args[2]), admin);
        bench.fanOut(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        bench.manyTasks(Integer.parseInt(args[5]), Integer.parseInt(args[6]));
    }

    private void fanOut(int watchers, int rounds) throws Exception {
        long setup = System.nanoTime();
        calls.call(
                ECS + "CreateCluster",
                "{\"clusterName\":\"fanout\",\"serviceConnectDefaults\":{\"namespace\":\"fanout\"}}");
        for (String family : List.of("backend", "client", "worker")) {
            calls.call(
                    ECS + "RegisterTaskDefinition",
                    "{\"family\":\"" + family + "\",\"networkMode\":\"awsvpc\",\"cpu\":\"1\",\"memory\":\"1\","
                            + "\"containerDefinitions\":[{\"name\":\"app\",\"portMappings\":"
                            + "[{\"name\":\"http\",\"containerPort\":8080,\"appProtocol\":\"http\"}]}]}");
        }
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosts.add(post(
                            "/watch/v1/hosts",
                            "{\"cluster\":\"fanout\",\"launchType\":\"EC2\",\"cpu\":100000000,"
                                    + "\"memory\":100000000,\"address\":\"10.8.0." + (i + 1) + "\"}")
                    .get("hostId")
                    .asText());
        }
        // As their agents would: a host without heartbeats is lost after 30 s, and its tasks replaced.
        heartbeats.scheduleWithFixedDelay(
                () -> hosts.forEach(host -> {
                    try {
                        post("/watch/v1/hosts/" + host + "/heartbeat", "{}");
                    } catch (Exception e) {
                        System.err.println("heartbeat of host " + host + ": " + e);
                    }
                }),
                5,
                5,
                TimeUnit.SECONDS);
        createService(
                "backend",
                0,
                ",\"services\":[{\"portName\":\"http\",\"discoveryName\":\"backend\","
                        + "\"clientAliases\":[{\"port\":80,\"dnsName\":\"backend.fanout\"}]}]");
        createService("client", watchers, "");
        List<String> tasks = taskIds("client", watchers);
        List<StreamWatchers.Watcher> streams = proxyKeys(tasks);
        String serviceId = serviceId("backend");
        System.out.printf(
                "setup: cluster, %d client tasks and their keys in %d ms%n", tasks.size(), millisSince(setup));

        try (StreamWatchers clients = new StreamWatchers()) {
            long opening = System.nanoTime();
            clients.open(endpoint.getHost(), endpoint.getPort(), streams, SOURCES);
            awaitAll(streams, -1, "first configuration");
            System.out.printf(
                    "%d streams open, each with its first configuration, in %d ms (%d requests answered 429, busy,"
                            + " and sent again after its Retry-After)%n",
                    streams.size(),
                    millisSince(opening),
                    streams.stream().mapToInt(w -> w.retries).sum());
            Memory before = memory();
            long[] all = new long[rounds * streams.size()];
            long cpu = 0;
            long commits = 0;
            for (int round = 0; round < rounds; round++) {
                Thread.sleep(1000);
                long base = streams.stream().mapToLong(w -> w.revision).min().orElse(0);
                long cpuBefore = cpuMillis();
                long start = System.nanoTime();
                if (round % 2 == 0) {
                    calls.register(serviceId, "i-" + round, "10.9.0." + (round + 1));
                } else {
                    calls.call(
                            CLOUD_MAP + "DeregisterInstance",
                            "{\"ServiceId\":\"" + serviceId + "\",\"InstanceId\":\"i-" + (round - 1) + "\"}");
                }
                long committed = System.nanoTime() - start;
                awaitAll(streams, base, "round " + round);
                long[] latencies = streams.stream()
                        .mapToLong(w -> w.arrivedNanos - start)
                        .sorted()
                        .toArray();
                System.arraycopy(latencies, 0, all, round * streams.size(), latencies.length);
                long used = cpuMillis() - cpuBefore;
                cpu += used;
                commits += committed;
                System.out.printf(
                        "round %d: call answered %.1f ms; all %d watchers: p50 %.1f ms, p99 %.1f ms, last %.1f ms;"
                                + " control plane CPU %d ms%n",
                        round,
                        committed / 1e6,
                        latencies.length,
                        percentile(latencies, 50),
                        percentile(latencies, 99),
                        latencies[latencies.length - 1] / 1e6,
                        used);
            }
            Arrays.sort(all);
            Memory after = memory();
            System.out.printf(
                    "== fan-out: %d streamed watchers, %d endpoint changes: change -> watcher p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms (call answered: mean %.1f ms)%n",
                    streams.size(),
                    rounds,
                    percentile(all, 50),
                    percentile(all, 99),
                    all[all.length - 1] / 1e6,
                    commits / 1e6 / rounds);
            System.out.printf(
                    "== control plane: CPU %d ms per change (mean over %d); RSS %d MiB before the changes, %d MiB"
                            + " after (peak %d MiB); heap used after a full GC %d MiB%n",
                    cpu / rounds, rounds, before.rssMiB, after.rssMiB, after.peakMiB, after.heapMiB);
            long heartbeats = streams.stream().mapToLong(w -> w.heartbeats).sum();
            long bytes = streams.stream().mapToLong(w -> w.bytes).sum();
            System.out.printf("watchers got %d heartbeats and %d KiB in all%n", heartbeats, bytes / 1024);
        }
    }

    private void manyTasks(int count, int reports) throws Exception {
        long start = System.nanoTime();
        createService(
                "worker",
                count,
                ",\"services\":[{\"portName\":\"http\",\"discoveryName\":\"worker\","
                        + "\"clientAliases\":[{\"port\":81,\"dnsName\":\"worker.fanout\"}]}]");
        List<String> tasks = taskIds("worker", count);
        System.out.printf("%d worker tasks created and placed in %d ms%n", tasks.size(), millisSince(start));
        long reporting = System.nanoTime();
        long deadline = reporting + REPORT_TIME.toNanos();
        int reported = 0;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < Math.min(reports, tasks.size()); i++) {
                String taskId = tasks.get(i);
                String address = "10." + (16 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
                sent.add(pool.submit(() -> System.nanoTime() < deadline
                        ? post(
                                "/watch/v1/tasks/" + taskId + "/state",
                                "{\"lastStatus\":\"RUNNING\",\"address\":\"" + address
                                        + "\",\"healthStatus\":\"HEALTHY\"}")
                        : null));
            }
            for (Future<?> report : sent) {
                if (report.get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS) != null) {
                    reported++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long reportMillis = millisSince(reporting);
        JsonNode discovered = calls.call(
                CLOUD_MAP + "DiscoverInstances",
                "{\"NamespaceName\":\"fanout\",\"ServiceName\":\"worker\",\"MaxResults\":1000}");
        Memory memory = memory();
        System.out.printf(
                "== %d tasks in the store, %d of them reported RUNNING in %d ms (%.1f ms each; DiscoverInstances"
                        + " answers %d): control plane RSS %d MiB (peak %d MiB), heap used after a full GC %d MiB%n",
                tasks.size(),
                reported,
                reportMillis,
                reported == 0 ? 0.0 : (double) reportMillis / reported,
                discovered.path("Instances").size(),
                memory.rssMiB,
                memory.peakMiB,
                memory.heapMiB);
    }

    private void createService(String name, int count, String services) throws IOException, InterruptedException {
        calls.call(
                ECS + "CreateService",
                "{\"cluster\":\"fanout\",\"serviceName\":\"" + name + "\",\"taskDefinition\":\"" + name
                        + "\",\"desiredCount\":" + count + ",\"launchType\":\"EC2\","
                        + "\"serviceConnectConfiguration\":{\"enabled\":true" + services + "}}");
    }

    private List<String> taskIds(String service, int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = calls.call(
                    ECS + "ListTasks",
                    "{\"cluster\":\"fanout\",\"serviceName\":\"" + service + "\",\"maxResults\":100"
                            + (next == null ? "" : ",\"nextToken\":\"" + next + "\"") + "}");
            page.path("taskArns")
                    .forEach(arn -> ids.add(arn.asText().substring(arn.asText().lastIndexOf('/') + 1)));
            next = page.path("nextToken").asText(null);
        } while (next != null && ids.size() < count);
        if (ids.size() != count) {
            throw new IllegalStateException(service + ": " + ids.size() + " tasks, expected " + count);
        }
        return ids;
    }

    /** Each task's sidecar key, as its agent gets it; a watcher of the task's proxy configuration with it. */
    private List<StreamWatchers.Watcher> proxyKeys(List<String> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<JsonNode>> keys = new ArrayList<>();
            for (String task : tasks) {
                keys.add(pool.submit(() -> post("/watch/v1/tasks/" + task + "/proxy-key", "{}")));
            }
            List<StreamWatchers.Watcher> watchers = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                JsonNode key = keys.get(i).get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                watchers.add(new StreamWatchers.Watcher(
                        "/watch/v1/tasks/" + tasks.get(i) + "/proxy-config?stream=true",
                        "Bearer " + key.get("accessKeyId").asText() + ":"
                                + key.get("secretAccessKey").asText()));
            }
            return watchers;
        } finally {
            pool.shutdownNow();
        }
    }

    private String serviceId(String name) throws IOException, InterruptedException {
        for (JsonNode service : calls.call(CLOUD_MAP + "ListServices", "{}").path("Services")) {
            if (service.path("Name").asText().equals(name)) {
                return service.path("Id").asText();
            }
        }
        throw new IllegalStateException("no Cloud Map service " + name);
    }

    /** Waits until every watcher has a revision above {@code base}; fails after the round's timeout. */
    private static void awaitAll(List<StreamWatchers.Watcher> watchers, long base, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (watchers.stream().anyMatch(w -> w.revision <= base)) {
            if (System.nanoTime() > deadline) {
                long behind = watchers.stream().filter(w -> w.revision <= base).count();
                int status = watchers.stream()
                        .filter(w -> w.revision <= base)
                        .findFirst()
                        .map(w -> w.status)
                        .orElse(0);
                throw new IllegalStateException(what + ": " + behind + " watchers without it after "
                        + ROUND_TIMEOUT.toSeconds() + " s (one answered HTTP " + status + ")");
            }
            Thread.sleep(1);
        }
    }

    private static double percentile(long[] sortedNanos, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The control plane process's CPU time (user and system), in ms. */
    private long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // clock ticks of 10 ms
    }

    private record Memory(long rssMiB, long peakMiB, long heapMiB) {}

    /** The control plane's resident memory now and at its peak, and its heap in use after a full GC (jcmd). */
    private Memory memory() throws IOException, InterruptedException {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            } else if (line.startsWith("VmHWM:")) {
                peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        jcmd("GC.run");
        long heap = -1;
        for (String line : jcmd("GC.heap_info").split("\n")) {
            var used =
                    java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(line);
            if (used.find()) {
                heap = Long.parseLong(used.group(1)) / 1024;
                break;
            }
        }
        return new Memory(rss, peak, heap);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(pid),
                        command)
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint.resolve(path))
                        .header("Authorization", TestSigning.bearer(admin))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }
}
