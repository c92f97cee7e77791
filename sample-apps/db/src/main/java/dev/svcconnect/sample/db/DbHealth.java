package dev.svcconnect.sample.db;

import dev.svcconnect.sample.common.Env;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code java -jar db.jar health}: opens the database through the server, as a client would. */
final class DbHealth {

    private DbHealth() {}

    static String check(Env env) throws SQLException {
        DbSettings settings = DbSettings.from(env);
        String url = settings.clientUrl(settings.port());
        try (Connection connection = DriverManager.getConnection(url, settings.user(), settings.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return url + " answers";
        }
    }
}
