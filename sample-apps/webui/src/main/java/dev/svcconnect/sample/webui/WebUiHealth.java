package dev.svcconnect.sample.webui;

import dev.svcconnect.sample.common.Env;
import dev.svcconnect.sample.common.LocalHost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** {@code java -jar webui.jar health}: {@code GET /health}, as a load balancer's check would. */
final class WebUiHealth {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private WebUiHealth() {}

    static String check(Env env) throws IOException, InterruptedException {
        WebUiSettings settings = WebUiSettings.from(env);
        URI uri = URI.create("http://" + LocalHost.forUrl(settings.bind()) + ":" + settings.port() + "/health");
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .build()
                .send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return uri + " answered 200";
    }
}
