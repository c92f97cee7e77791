package dev.svcconnect.constructs;

import dev.svcconnect.constructs.internal.Rendering;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Where the Service Connect proxy of a service's tasks writes its logs. */
public final class LogDriver {

    private final String driver;
    private final Map<String, String> options;

    private LogDriver(String driver, Map<String, String> options) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }

    /** The log driver {@code driver} ({@code json-file}, {@code awslogs}, ...) with its options. */
    public static LogDriver of(String driver, Map<String, String> options) {
        return new LogDriver(driver, options);
    }

    /** The host's {@code json-file} driver: the task's log directory locally. */
    public static LogDriver jsonFile() {
        return new LogDriver("json-file", Map.of());
    }

    /** The driver's name. */
    public String getDriver() {
        return driver;
    }

    /** The driver's options. */
    public Map<String, String> getOptions() {
        return options;
    }

    /** The {@code LogConfiguration} of a template. */
    Map<String, Object> render() {
        return Rendering.object("LogDriver", driver, "Options", options.isEmpty() ? null : new TreeMap<>(options));
    }
}
