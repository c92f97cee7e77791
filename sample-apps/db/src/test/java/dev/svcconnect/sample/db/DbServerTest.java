package dev.svcconnect.sample.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbServerTest {

    private static DbSettings inMemory(String database) {
        return new DbSettings("127.0.0.1", 0, Optional.empty(), database, "sa", "secret");
    }

    @Test
    void servesItsDatabaseToAnH2JdbcClientOverTcp() throws Exception {
        try (DbServer db = DbServer.start(inMemory("served"));
                Connection connection = DriverManager.getConnection(db.clientUrl(), "sa", "secret");
                Statement statement = connection.createStatement()) {
            assertThat(db.clientUrl()).isEqualTo("jdbc:h2:tcp://127.0.0.1:" + db.port() + "/mem:served");
            statement.execute("CREATE TABLE t(v VARCHAR(20))");
            statement.execute("INSERT INTO t VALUES ('over tcp')");
            try (ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("over tcp");
            }
        }
    }

    @Test
    void listensOnTheConfiguredAddressOnly() throws Exception {
        try (DbServer db = DbServer.start(inMemory("bound"));
                Socket onBindAddress = new Socket()) {
            onBindAddress.connect(new InetSocketAddress("127.0.0.1", db.port()), 2_000);
            assertThat(onBindAddress.isConnected()).isTrue();
            assertThatThrownBy(() -> {
                        try (Socket elsewhere = new Socket()) {
                            elsewhere.connect(new InetSocketAddress("127.0.0.2", db.port()), 2_000);
                        }
                    })
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void refusesToCreateOtherDatabasesForClients() throws Exception {
        try (DbServer db = DbServer.start(inMemory("only"))) {
            String other = "jdbc:h2:tcp://127.0.0.1:" + db.port() + "/mem:other";
            assertThatThrownBy(() ->
                            DriverManager.getConnection(other, "sa", "secret").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void rejectsAWrongPassword() throws Exception {
        try (DbServer db = DbServer.start(inMemory("guarded"))) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.clientUrl(), "sa", "wrong")
                            .close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Wrong user name or password");
        }
    }

    @Test
    void keepsItsDataInTheDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        DbSettings settings = new DbSettings("127.0.0.1", 0, Optional.of(dir), "kept", "sa", "");
        try (DbServer db = DbServer.start(settings);
                Connection connection = DriverManager.getConnection(db.clientUrl(), "sa", "")) {
            assertThat(db.clientUrl()).endsWith("/kept");
            connection.createStatement().execute("CREATE TABLE t AS SELECT 42 AS v");
        }
        assertThat(dir.resolve("kept.mv.db")).exists();
        try (DbServer db = DbServer.start(settings);
                Connection connection = DriverManager.getConnection(db.clientUrl(), "sa", "");
                ResultSet rows = connection.createStatement().executeQuery("SELECT v FROM t")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void stopsListeningWhenClosed() throws Exception {
        DbServer db = DbServer.start(inMemory("closing"));
        int port = db.port();
        db.close();
        db.close();
        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesASecondBindAddressInTheSameJvm() {
        DbSettings elsewhere = new DbSettings("127.0.0.3", 0, Optional.empty(), "elsewhere", "sa", "");
        assertThatThrownBy(() -> DbServer.start(elsewhere).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot also bind 127.0.0.3");
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        }
    }
}
