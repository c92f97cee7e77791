package dev.svcconnect.controlplane.api.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.ListOperationsResponse;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.OperationFilter;
import software.amazon.awssdk.services.servicediscovery.model.OperationSummary;
import software.amazon.awssdk.services.servicediscovery.model.Service;

class ListOperationsTest {

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private ServiceDiscoveryClient cloudMap;
    private CloudMapSteps steps;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        cloudMap = fixture.cloudMap;
        steps = new CloudMapSteps(cloudMap);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<String> ids(OperationFilter... filters) {
        return cloudMap.listOperations(b -> b.filters(filters)).operations().stream()
                .map(OperationSummary::id)
                .toList();
    }

    private static OperationFilter filter(String name, String condition, String... values) {
        return OperationFilter.builder()
                .name(name)
                .condition(condition)
                .values(values)
                .build();
    }

    @Test
    void everyMutatingCallIsListedOldestFirstAsSucceeded() {
        Namespace namespace = steps.namespace("shop");
        Service service = steps.service(namespace, "cart");
        String register = steps.register(service, "i-1");
        String deregister = cloudMap.deregisterInstance(
                        b -> b.serviceId(service.id()).instanceId("i-1"))
                .operationId();
        String update = cloudMap.updateService(b -> b.id(service.id()).service(s -> s.description("carts")))
                .operationId();

        ListOperationsResponse answer = cloudMap.listOperations(b -> {});

        assertThat(answer.operations())
                .hasSize(4)
                .allSatisfy(o -> assertThat(o.statusAsString()).isEqualTo("SUCCESS"));
        assertThat(answer.operations().subList(1, 4))
                .extracting(OperationSummary::id)
                .containsExactly(register, deregister, update);
        assertThat(answer.nextToken()).isNull();
        assertThat(ids(filter("TYPE", "EQ", "CREATE_NAMESPACE")))
                .containsExactly(answer.operations().get(0).id());
    }

    @Test
    void filtersSelectByNamespaceServiceStatusTypeAndUpdateDate() {
        Namespace shop = steps.namespace("shop");
        Namespace other = steps.namespace("other");
        Service cart = steps.service(shop, "cart");
        Service pay = steps.service(shop, "pay");
        String cartRegister = steps.register(cart, "i-1");
        String payRegister = steps.register(pay, "i-1");
        String otherUpdate = cloudMap.updateHttpNamespace(b -> b.id(other.id()).namespace(n -> n.description("x")))
                .operationId();
        String now = Long.toString(Instant.now().getEpochSecond());

        assertThat(ids(filter("SERVICE_ID", "EQ", cart.id()))).containsExactly(cartRegister);
        assertThat(ids(filter("NAMESPACE_ID", "EQ", other.id()))).hasSize(2).contains(otherUpdate);
        assertThat(ids(filter("NAMESPACE_ID", "EQ", shop.id()), filter("TYPE", "EQ", "REGISTER_INSTANCE")))
                .containsExactly(cartRegister, payRegister);
        assertThat(ids(filter("TYPE", "IN", "REGISTER_INSTANCE", "UPDATE_NAMESPACE")))
                .containsExactly(cartRegister, payRegister, otherUpdate);
        assertThat(ids(filter("STATUS", "IN", "SUCCESS", "FAIL"))).hasSize(5);
        assertThat(ids(filter("STATUS", "EQ", "PENDING"))).isEmpty();
        assertThat(ids(filter("UPDATE_DATE", "BETWEEN", "0", Long.toString(Long.parseLong(now) + 60))))
                .hasSize(5);
        assertThat(ids(filter("UPDATE_DATE", "BETWEEN", "0", "1"))).isEmpty();
    }

    @Test
    void operationsArePagedWithMaxResultsAndAnOpaqueNextToken() {
        Namespace namespace = steps.namespace("shop");
        Service service = steps.service(namespace, "cart");
        for (int i = 0; i < 4; i++) {
            steps.register(service, "i-" + i);
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListOperationsResponse page =
                    cloudMap.listOperations(b -> b.maxResults(2).nextToken(current));
            assertThat(page.operations()).hasSizeLessThanOrEqualTo(2);
            page.operations().forEach(o -> seen.add(o.id()));
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().hasSize(5);
        assertThat(cloudMap.listOperationsPaginator(b -> b.maxResults(1)).stream()
                        .flatMap(r -> r.operations().stream())
                        .toList())
                .extracting(OperationSummary::id)
                .containsExactlyElementsOf(seen);
    }

    @Test
    void filtersAndPagesCloudMapWouldRefuseAreInvalidInput() {
        assertThatThrownBy(() -> ids(filter("NAMESPACE_ID", "IN", "ns-a", "ns-b")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Condition: 'IN' for NAMESPACE_ID (expected one of: EQ)");
        assertThatThrownBy(() -> ids(filter("TYPE", "EQ", "CREATE_NAMESPACE", "DELETE_NAMESPACE")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Values: 2 values (expected: exactly one with condition EQ)");
        assertThatThrownBy(() -> ids(filter("TYPE", "EQ", "CREATE_SERVICE")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Values[0]: 'CREATE_SERVICE' (expected one of: CREATE_NAMESPACE,");
        assertThatThrownBy(() -> ids(filter("UPDATE_DATE", "BETWEEN", "0")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "Filters[0].Values: 1 values (expected: a start and an end date in epoch seconds)");
        assertThatThrownBy(() -> ids(filter("UPDATE_DATE", "BETWEEN", "yesterday", "1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Values[0]: 'yesterday' (expected: a date in epoch seconds)");
        assertThatThrownBy(() -> ids(filter("UPDATE_DATE", "EQ", "1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Filters[0].Condition: 'EQ' for UPDATE_DATE (expected one of: BETWEEN)");
        assertThatThrownBy(() -> cloudMap.listOperations(b -> b.maxResults(101)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MaxResults: 101 (expected: 1-100)");
        assertThatThrownBy(() -> cloudMap.listOperations(b -> b.nextToken("not-a-token")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NextToken: not a token this API gave");
    }
}
