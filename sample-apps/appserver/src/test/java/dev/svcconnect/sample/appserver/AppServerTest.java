package dev.svcconnect.sample.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.svcconnect.sample.db.DbServer;
import dev.svcconnect.sample.db.DbSettings;
import dev.svcconnect.sample.items.v1.AddItemRequest;
import dev.svcconnect.sample.items.v1.GetInfoRequest;
import dev.svcconnect.sample.items.v1.Item;
import dev.svcconnect.sample.items.v1.ItemsGrpc;
import dev.svcconnect.sample.items.v1.ItemsGrpc.ItemsBlockingStub;
import dev.svcconnect.sample.items.v1.ListItemsRequest;
import dev.svcconnect.sample.items.v1.ListItemsResponse;
import dev.svcconnect.sample.items.v1.WatchItemsRequest;
import dev.svcconnect.testsupport.FreePorts;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppServerTest {

    private final List<AutoCloseable> started = new ArrayList<>();
    private ManagedChannel channel;

    @AfterEach
    void stopEverything() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void storesAnItemInTheDbAndListsItNewestFirst() throws Exception {
        ItemsBlockingStub items = servingItems(startAppServer(startDb("listed").clientUrl(), "Hello"));

        Item first =
                items.addItem(AddItemRequest.newBuilder().setName("  apples ").build());
        Item second = items.addItem(AddItemRequest.newBuilder().setName("pears").build());
        ListItemsResponse listed = items.listItems(ListItemsRequest.getDefaultInstance());

        assertThat(first.getName()).isEqualTo("apples");
        assertThat(first.getAddedBy()).isEqualTo("appserver-test-task");
        assertThat(listed.getItemsList()).extracting(Item::getName).containsExactly("pears", "apples");
        assertThat(listed.getItemsList()).extracting(Item::getId).containsExactly(second.getId(), first.getId());
        assertThat(listed.getTotal()).isEqualTo(2);
    }

    @Test
    void answersInfoWithTheConfiguredGreeting() throws Exception {
        ItemsBlockingStub items = servingItems(startAppServer(startDb("info").clientUrl(), "Greetings from v2"));

        assertThat(items.getInfo(GetInfoRequest.getDefaultInstance())).satisfies(info -> {
            assertThat(info.getGreeting()).isEqualTo("Greetings from v2");
            assertThat(info.getTaskId()).isEqualTo("appserver-test-task");
        });
    }

    @Test
    void streamsTheItemsAfterAnIdAndCompletesWhenCaughtUp() throws Exception {
        ItemsBlockingStub items =
                servingItems(startAppServer(startDb("streamed").clientUrl(), "Hello"));
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            ids.add(items.addItem(
                            AddItemRequest.newBuilder().setName("item " + i).build())
                    .getId());
        }

        List<Item> streamed = new ArrayList<>();
        items.watchItems(WatchItemsRequest.newBuilder().setAfterId(ids.get(9)).build())
                .forEachRemaining(streamed::add);

        assertThat(streamed).extracting(Item::getId).containsExactlyElementsOf(ids.subList(10, 250));
        assertThat(streamed.get(0).getName()).isEqualTo("item 11");
    }

    @Test
    void keepsStreamingNewItemsWhenFollowing() throws Exception {
        ItemsBlockingStub items =
                servingItems(startAppServer(startDb("followed").clientUrl(), "Hello"));
        items.addItem(AddItemRequest.newBuilder().setName("before").build());

        try (Context.CancellableContext watching = Context.current().withCancellation()) {
            Iterator<Item> stream = watching.call(() -> items.watchItems(
                    WatchItemsRequest.newBuilder().setFollow(true).build()));
            assertThat(stream.next().getName()).isEqualTo("before");
            items.addItem(AddItemRequest.newBuilder().setName("after").build());
            assertThat(stream.next().getName()).isEqualTo("after");
            watching.cancel(null);
        }
    }

    @Test
    void completesFollowingStreamsWhenStopped() throws Exception {
        AppServer server = startAppServer(startDb("stopping").clientUrl(), "Hello");
        ItemsBlockingStub items = servingItems(server);
        items.addItem(AddItemRequest.newBuilder().setName("only").build());
        Iterator<Item> stream =
                items.watchItems(WatchItemsRequest.newBuilder().setFollow(true).build());
        assertThat(stream.next().getName()).isEqualTo("only");

        server.close();

        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void rejectsABlankOrOverlongNameWithInvalidArgument() throws Exception {
        ItemsBlockingStub items =
                servingItems(startAppServer(startDb("validated").clientUrl(), "Hello"));

        assertThatThrownBy(() -> items.addItem(
                        AddItemRequest.newBuilder().setName(" \t ").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("name must not be blank");
                });
        assertThatThrownBy(() -> items.addItem(
                        AddItemRequest.newBuilder().setName("x".repeat(201)).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .isEqualTo("name: 201 characters (expected: at most 200)"));
        assertThatThrownBy(() -> items.listItems(
                        ListItemsRequest.newBuilder().setLimit(1001).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .isEqualTo("limit: 1001 (expected: 1-1000, or 0 for 100)"));
    }

    @Test
    void waitsForADbThatStartsLateAndServesOnceItIsUp() throws Exception {
        int dbPort = FreePorts.next();
        AppServer server = startAppServer("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:late", "Hello");
        ItemsBlockingStub items = items(server);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(ServingStatus.NOT_SERVING);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThatThrownBy(() -> items.addItem(
                                AddItemRequest.newBuilder().setName("too early").build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                            assertThat(e.getStatus().getDescription())
                                    .startsWith("database not ready: Connection is broken");
                        }));

        startDb("late", dbPort);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(health.check(HealthCheckRequest.newBuilder()
                                        .setService(ItemsGrpc.SERVICE_NAME)
                                        .build())
                                .getStatus())
                        .isEqualTo(ServingStatus.SERVING));

        assertThat(items.addItem(AddItemRequest.newBuilder().setName("in time").build())
                        .getName())
                .isEqualTo("in time");
    }

    @Test
    void recreatesItsTableWhenAnInMemoryDbRestartsEmpty() throws Exception {
        int dbPort = FreePorts.next();
        DbServer firstDb = startDb("restarted", dbPort);
        ItemsBlockingStub items = servingItems(startAppServer(firstDb.clientUrl(), "Hello"));
        items.addItem(
                AddItemRequest.newBuilder().setName("lost with the first db").build());

        firstDb.close();
        startDb("restarted", dbPort);

        await().atMost(Duration.ofSeconds(20))
                .ignoreException(StatusRuntimeException.class)
                .untilAsserted(() -> assertThat(items.addItem(AddItemRequest.newBuilder()
                                        .setName("kept")
                                        .build())
                                .getName())
                        .isEqualTo("kept"));
        assertThat(items.listItems(ListItemsRequest.getDefaultInstance()).getItemsList())
                .extracting(Item::getName)
                .containsExactly("kept");
    }

    private DbServer startDb(String database) throws Exception {
        return startDb(database, 0);
    }

    private DbServer startDb(String database, int port) throws SQLException, IOException {
        DbServer db = DbServer.start(new DbSettings("127.0.0.1", port, Optional.empty(), database, "sa", ""));
        started.add(db);
        return db;
    }

    private AppServer startAppServer(String dbUrl, String greeting) throws IOException {
        AppServer server = AppServer.start(new AppServerSettings(
                "127.0.0.1", 0, dbUrl, "sa", "", greeting, "appserver-test-task", Duration.ofMillis(50)));
        started.add(server);
        return server;
    }

    private ItemsBlockingStub items(AppServer server) {
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create())
                .build();
        return ItemsGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private ItemsBlockingStub servingItems(AppServer server) {
        ItemsBlockingStub items = items(server);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        health.check(HealthCheckRequest.getDefaultInstance()).getStatus() == ServingStatus.SERVING);
        return items;
    }
}
