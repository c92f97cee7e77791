package dev.svcconnect.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcconnect.controlplane.document.Cluster;
import dev.svcconnect.controlplane.document.Host;
import dev.svcconnect.controlplane.document.Service;
import dev.svcconnect.controlplane.document.Task;
import dev.svcconnect.controlplane.document.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written before resources were per region (rows keyed by bare names) is migrated to
 * keys by ARN, so what it holds is found again, in the region its ARNs name.
 */
class RegionKeysMigrationTest {

    private static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/shop";
    private static final String DEFINITION = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:12";

    @TempDir
    Path data;

    @Test
    void rowsKeyedByNameAreKeyedByArnAfterTheMigration() throws Exception {
        Files.createDirectories(data);
        String url = "jdbc:sqlite:" + data.resolve(Store.FILE_NAME).toAbsolutePath();
        Flyway.configure(getClass().getClassLoader())
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .target("5")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url)) {
            insert(connection, "clusters", "shop", "-", """
                    {"clusterArn": "%s", "clusterName": "shop", "status": "ACTIVE"}""".formatted(CLUSTER));
            insert(connection, "services", CLUSTER.replace("cluster/", "service/") + "/web", "shop", """
                    {"serviceArn": "%s/web", "serviceName": "web", "clusterArn": "%s", "status": "ACTIVE"}""".formatted(
                            CLUSTER.replace("cluster/", "service/"), CLUSTER));
            insert(connection, "tasks", "0f2c", "shop", """
                    {"taskArn": "arn:aws:ecs:us-east-1:000000000000:task/shop/0f2c", "clusterArn": "%s"}""".formatted(CLUSTER));
            insert(connection, "container_instances", "8f0e", "shop", """
                    {"containerInstanceArn": "arn:aws:ecs:us-east-1:000000000000:container-instance/shop/8f0e",
                     "clusterArn": "%s", "status": "ACTIVE"}""".formatted(CLUSTER));
            insert(connection, "task_definitions", "web:12", "web", """
                    {"taskDefinitionArn": "%s", "family": "web", "revision": 12, "status": "ACTIVE"}""".formatted(DEFINITION));
        }

        try (Store store = Store.open(data)) {
            store.read(tx -> {
                assertThat(Cluster.find(tx, CLUSTER).map(Cluster::name)).contains("shop");
                assertThat(Service.inCluster(tx, CLUSTER))
                        .extracting(Service::name)
                        .containsExactly("web");
                assertThat(Task.inCluster(tx, CLUSTER)).extracting(Task::id).containsExactly("0f2c");
                assertThat(Host.inCluster(tx, CLUSTER)).extracting(Host::id).containsExactly("8f0e");
                String family = DEFINITION.substring(0, DEFINITION.lastIndexOf(':'));
                assertThat(TaskDefinition.find(tx, family).map(TaskDefinition::arn))
                        .contains(DEFINITION);
                assertThat(TaskDefinition.find(tx, DEFINITION)).isPresent();
                return null;
            });
        }
    }

    private static void insert(Connection connection, String table, String id, String scope, String body)
            throws Exception {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO " + table + " (id, scope, body) VALUES (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, scope);
            insert.setString(3, body);
            insert.executeUpdate();
        }
    }
}
