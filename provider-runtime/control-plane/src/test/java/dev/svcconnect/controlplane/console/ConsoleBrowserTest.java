package dev.svcconnect.controlplane.console;

import static dev.svcconnect.controlplane.console.ConsoleFixture.inbound;
import static dev.svcconnect.controlplane.console.ConsoleFixture.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in Debian's headless Chromium, driven by Selenium: the namespace page, a service
 * page going live, and the topology. Screenshots go to {@code target/console-*.png}.
 */
class ConsoleBrowserTest {

    @TempDir
    static Path data;

    private static ConsoleFixture fixture;
    private static ChromeDriver browser;
    private static long pushes;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture(data);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static void open(String hash) {
        browser.get(fixture.endpoint() + "/console" + hash);
    }

    private static void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "console-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    @Test
    void theNamespacePageListsTheServicesOfBothClusters() throws Exception {
        open("#/");
        await().until(() -> !all("a.namespace").isEmpty());
        screenshot("namespaces");
        all("a.namespace").get(0).click();

        await().until(() -> all("#services tbody tr[data-service]").size() == 4);
        List<String> rows = all("#services tbody tr[data-service]").stream()
                .map(r -> r.getDomAttribute("data-cluster") + "/" + r.getDomAttribute("data-service"))
                .toList();
        assertThat(rows).containsExactly("east/appserver", "west/appserver", "west/db", "east/webui");
        assertThat(browser.findElement(By.cssSelector("#services")).getText())
                .contains("appserver.shop:9090", "FARGATE", "0/1");
        screenshot("namespace");
    }

    @Test
    void aServicePagesRequestRateRisesWhileTrafficIsPushed() throws Exception {
        String task = fixture.taskId("east", "webui");
        open("#/services/east/webui");
        await().until(() -> !all("#inbound-rate").isEmpty());
        double before = rate();

        pushUntilTheRateExceeds(task, before);
        pushUntilTheRateExceeds(task, rate());

        assertThat(all("#live").get(0).isDisplayed()).isTrue();
        assertThat(all(".chart svg path[data-series='inbound']")).isNotEmpty();
        // The legend's colours are set through the style property, which the Content-Security-Policy allows.
        assertThat(all(".legend i").get(0).getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Tasks", "Deployments", "PRIMARY");
        screenshot("service");
        browser.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        screenshot("service-tasks");
    }

    /** Pushes 20 more requests every half second until the page shows a rate above {@code floor}. */
    private static void pushUntilTheRateExceeds(String task, double floor) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    pushes += 20;
                    fixture.push(
                            task,
                            "webui",
                            "east",
                            1,
                            inbound("webui", pushes, pushes * 300, 2),
                            outbound("appserver", pushes, 0, pushes * 200, pushes * 3.0));
                    return rate() > floor;
                });
    }

    private static double rate() {
        return Double.parseDouble(browser.findElement(By.id("inbound-rate")).getDomAttribute("data-value"));
    }

    @Test
    void aServicePageShowsPushedLogLinesOfEachTaskAsText() throws Exception {
        String task = fixture.taskId("west", "db");
        open("#/services/west/db");
        String section = "#logs section[data-task='" + task + "']";
        await().until(() -> !all(section).isEmpty());

        String hostile = "<script>document.title='owned'</script><b>not bold</b>";
        assertThat(fixture.post(
                                "/watch/v1/tasks/" + task + "/logs",
                                "{\"containers\": {\"app\": [\"db ready\", \"" + hostile.replace("'", "\\u0027")
                                        + "\"]}, \"proxy\": [\"proxy started\"]}")
                        .statusCode())
                .isEqualTo(200);

        String app = section + " details[data-stream='container:app'] pre";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !all(app).isEmpty() && all(app).get(0).getText().contains("not bold"));
        assertThat(all(app).get(0).getText()).isEqualTo("db ready\n" + hostile);
        assertThat(all(app).get(0).findElements(By.tagName("b"))).isEmpty();
        assertThat(all(section + " script")).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("svc-connect console");
        assertThat(all(section + " details[data-stream='proxy'] pre").get(0).getText())
                .isEqualTo("proxy started");
        browser.executeScript("document.getElementById('logs').scrollIntoView()");
        screenshot("service-logs");
    }

    @Test
    void theTopologyShowsWebuiToAppserverToDb() throws Exception {
        fixture.push(fixture.taskId("east", "webui"), "webui", "east", 5, outbound("appserver", 40, 2, 9000, 80));
        fixture.push(fixture.taskId("east", "appserver"), "appserver", "east", 5, outbound("db", 30, 0, 4000, 20));

        open("#/namespaces/shop/topology");

        await().until(() -> all("#topology g.edge").size() >= 3);
        assertThat(all("#topology g.edge[data-source='east/webui'][data-target='appserver']"))
                .hasSize(2);
        assertThat(all("#topology g.edge[data-source='east/appserver'][data-target='db']"))
                .hasSize(1);
        assertThat(all("#topology g.node[data-node='west/db']")).hasSize(1);
        assertThat(browser.findElement(By.id("topology")).getText()).contains("webui", "appserver", "db");
        screenshot("topology");
    }
}
