package dev.svcconnect.sample.appserver;

import static java.util.Objects.requireNonNull;

import dev.svcconnect.sample.appserver.store.DatabaseConnector;
import dev.svcconnect.sample.appserver.store.ItemStore;
import dev.svcconnect.sample.items.v1.AddItemRequest;
import dev.svcconnect.sample.items.v1.GetInfoRequest;
import dev.svcconnect.sample.items.v1.Info;
import dev.svcconnect.sample.items.v1.Item;
import dev.svcconnect.sample.items.v1.ItemsGrpc;
import dev.svcconnect.sample.items.v1.ListItemsRequest;
import dev.svcconnect.sample.items.v1.ListItemsResponse;
import dev.svcconnect.sample.items.v1.WatchItemsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;

/** The {@code Items} gRPC service: validates requests, answers from the {@link ItemStore}. */
final class ItemsService extends ItemsGrpc.ItemsImplBase {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final ItemStore store;
    private final DatabaseConnector database;
    private final ItemWatches watches;
    private final Info info;

    ItemsService(ItemStore store, DatabaseConnector database, ItemWatches watches, Info info) {
        this.store = requireNonNull(store, "store");
        this.database = requireNonNull(database, "database");
        this.watches = requireNonNull(watches, "watches");
        this.info = requireNonNull(info, "info");
    }

    @Override
    public void addItem(AddItemRequest request, StreamObserver<Item> responses) {
        String name = request.getName().strip();
        if (name.isEmpty()) {
            responses.onError(invalid("name must not be blank"));
            return;
        }
        int length = name.codePointCount(0, name.length());
        if (length > ItemStore.MAX_NAME_LENGTH) {
            responses.onError(
                    invalid("name: " + length + " characters (expected: at most " + ItemStore.MAX_NAME_LENGTH + ")"));
            return;
        }
        answer(responses, () -> store.add(name));
    }

    @Override
    public void listItems(ListItemsRequest request, StreamObserver<ListItemsResponse> responses) {
        int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        if (limit < 1 || limit > MAX_LIMIT) {
            responses.onError(invalid("limit: " + request.getLimit() + " (expected: 1-" + MAX_LIMIT + ", or 0 for "
                    + DEFAULT_LIMIT + ")"));
            return;
        }
        answer(
                responses,
                () -> ListItemsResponse.newBuilder()
                        .addAllItems(store.newest(limit))
                        .setTotal(store.count())
                        .build());
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<Info> responses) {
        responses.onNext(info);
        responses.onCompleted();
    }

    @Override
    public void watchItems(WatchItemsRequest request, StreamObserver<Item> responses) {
        if (request.getAfterId() < 0) {
            responses.onError(invalid("after_id: " + request.getAfterId() + " (expected: >= 0)"));
            return;
        }
        if (!database.ready()) {
            responses.onError(notReady());
            return;
        }
        watches.start(request, (ServerCallStreamObserver<Item>) responses);
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private <T> void answer(StreamObserver<T> responses, Query<T> query) {
        if (!database.ready()) {
            responses.onError(notReady());
            return;
        }
        T result;
        try {
            result = query.run();
        } catch (SQLException e) {
            responses.onError(Status.UNAVAILABLE
                    .withDescription("database error: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        responses.onNext(result);
        responses.onCompleted();
    }

    private StatusRuntimeException notReady() {
        return Status.UNAVAILABLE
                .withDescription("database not ready: " + database.lastError())
                .asRuntimeException();
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
