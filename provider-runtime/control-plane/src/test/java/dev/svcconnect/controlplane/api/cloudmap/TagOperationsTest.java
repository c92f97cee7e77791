package dev.svcconnect.controlplane.api.cloudmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.InvalidInputException;
import software.amazon.awssdk.services.servicediscovery.model.Namespace;
import software.amazon.awssdk.services.servicediscovery.model.ResourceNotFoundException;
import software.amazon.awssdk.services.servicediscovery.model.Service;
import software.amazon.awssdk.services.servicediscovery.model.Tag;
import software.amazon.awssdk.services.servicediscovery.model.TooManyTagsException;

class TagOperationsTest {

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

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private List<Tag> tagsOf(String arn) {
        return cloudMap.listTagsForResource(b -> b.resourceARN(arn)).tags();
    }

    private static List<Tag> tags(int count) {
        return IntStream.range(0, count).mapToObj(i -> tag("k" + i, "v")).toList();
    }

    @Test
    void tagsGivenAtCreationAreStoredOnTheNamespaceAndTheService() {
        String operationId = cloudMap.createHttpNamespace(
                        b -> b.name("shop").tags(tag("team", "checkout"), tag("env", "dev")))
                .operationId();
        String namespaceId = cloudMap.getOperation(b -> b.operationId(operationId))
                .operation()
                .targetsAsStrings()
                .get("NAMESPACE");
        Namespace namespace = cloudMap.getNamespace(b -> b.id(namespaceId)).namespace();
        Service service = cloudMap.createService(
                        b -> b.name("cart").namespaceId(namespaceId).tags(tag("tier", "web")))
                .service();

        assertThat(tagsOf(namespace.arn())).containsExactly(tag("team", "checkout"), tag("env", "dev"));
        assertThat(tagsOf(service.arn())).containsExactly(tag("tier", "web"));
    }

    @Test
    void tagResourceAddsOrReplacesAndUntagResourceRemovesByKey() {
        Namespace namespace = steps.namespace("shop");
        Service service = steps.service(namespace, "cart");

        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("team", "a"), tag("env", "dev")));
        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("team", "b"), tag("cost", "")));
        assertThat(tagsOf(service.arn())).containsExactly(tag("team", "b"), tag("env", "dev"), tag("cost", ""));

        cloudMap.untagResource(b -> b.resourceARN(service.arn()).tagKeys("team", "absent"));
        assertThat(tagsOf(service.arn())).containsExactly(tag("env", "dev"), tag("cost", ""));
        assertThat(tagsOf(namespace.arn())).isEmpty();

        cloudMap.tagResource(b -> b.resourceARN(namespace.arn()).tags(tag("owner", "me")));
        assertThat(tagsOf(namespace.arn())).containsExactly(tag("owner", "me"));
        assertThat(cloudMap.getNamespace(b -> b.id(namespace.id())).namespace().name())
                .isEqualTo("shop");
    }

    @Test
    void anUnknownOrDeletedResourceIsNotFoundAndAMalformedArnIsInvalidInput() {
        Namespace namespace = steps.namespace("shop");
        Service service = steps.service(namespace, "cart");
        cloudMap.deleteService(b -> b.id(service.id()));
        String unknown = namespace.arn().replace(namespace.id(), "ns-aaaaaaaaaaaaaaaa");

        assertThatThrownBy(() -> tagsOf(service.arn()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Resource '" + service.arn() + "' not found.");
        assertThatThrownBy(
                        () -> cloudMap.tagResource(b -> b.resourceARN(unknown).tags(tag("a", "b"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(
                        () -> cloudMap.untagResource(b -> b.resourceARN(unknown).tagKeys("a")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> tagsOf("arn:aws:ecs:us-east-1:000000000000:cluster/default"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ResourceARN: 'arn:aws:ecs:us-east-1:000000000000:cluster/default'"
                        + " (expected: the ARN of a namespace or service,");
    }

    @Test
    void moreThanFiftyTagsOnAResourceAreTooManyAndKeysAndValuesKeepTheirLimits() {
        Service service = steps.service(steps.namespace("shop"), "cart");
        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tags(50)));

        assertThatThrownBy(() ->
                        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("one", "more"))))
                .isInstanceOf(TooManyTagsException.class)
                .hasMessageContaining("Resource '" + service.arn() + "' would have 51 tags (expected: at most 50).");
        assertThatThrownBy(() -> cloudMap.createHttpNamespace(b -> b.name("big").tags(tags(51))))
                .isInstanceOf(TooManyTagsException.class)
                .hasMessageContaining("Resource 'big' would have 51 tags (expected: at most 50).");
        assertThatThrownBy(() ->
                        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("aws:x", "y"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Tags[0].Key: 'aws:x' (expected: a key not starting with 'aws:'");
        assertThatThrownBy(() ->
                        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("k".repeat(129), "v"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Tags[0].Key: '" + "k".repeat(129) + "' (expected: 1-128 characters)");
        assertThatThrownBy(() ->
                        cloudMap.tagResource(b -> b.resourceARN(service.arn()).tags(tag("k0", "v".repeat(257)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Tags[0].Value: 257 characters (expected: at most 256)");
        assertThat(tagsOf(service.arn())).hasSize(50);
    }
}
