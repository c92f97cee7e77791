package dev.svcconnect.controlplane.api.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.HierarchyTypeMismatchException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterOptionException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The SSM Parameter Store operations through the AWS SDK's {@code SsmClient}. */
class SsmApiTest {

    private static final String SECRET = "s3cret-Value-7f2a";

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private SsmClient ssm;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ssm = fixture.ssm;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void putParameterCreatesVersionOneAndOverwriteGrowsTheVersion() {
        PutParameterResponse first = ssm.putParameter(b -> b.name("/prod/db/url")
                .value("jdbc:postgresql://db/app")
                .type(ParameterType.STRING)
                .description("the database")
                .tags(t -> t.key("team").value("data")));
        PutParameterResponse second = ssm.putParameter(
                b -> b.name("/prod/db/url").value("jdbc:postgresql://db2/app").overwrite(true));

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.tierAsString()).isEqualTo("Standard");
        assertThat(second.version()).isEqualTo(2);
        Parameter parameter = ssm.getParameter(b -> b.name("/prod/db/url")).parameter();
        assertThat(parameter.name()).isEqualTo("/prod/db/url");
        assertThat(parameter.value()).isEqualTo("jdbc:postgresql://db2/app");
        assertThat(parameter.type()).isEqualTo(ParameterType.STRING);
        assertThat(parameter.version()).isEqualTo(2);
        assertThat(parameter.arn()).isEqualTo("arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/url");
        assertThat(parameter.dataType()).isEqualTo("text");
        assertThat(parameter.lastModifiedDate()).isNotNull();
    }

    @Test
    void aSecureStringComesBackInTheClearOnlyWithDecryption() {
        ssm.putParameter(b -> b.name("/prod/db/password").value(SECRET).type(ParameterType.SECURE_STRING));

        Parameter sealed = ssm.getParameter(b -> b.name("/prod/db/password")).parameter();
        Parameter clear = ssm.getParameter(b -> b.name("/prod/db/password").withDecryption(true))
                .parameter();

        assertThat(sealed.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(sealed.value()).isNotEqualTo(SECRET).doesNotContain(SECRET).matches("[A-Za-z0-9+/=]{40,}");
        assertThat(clear.value()).isEqualTo(SECRET);
    }

    @Test
    void aParameterIsFoundByItsArnAsWellAsItsName() {
        ssm.putParameter(b -> b.name("plain").value("one").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/team/list").value("a,b,c").type(ParameterType.STRING_LIST));

        assertThat(ssm.getParameter(b -> b.name("arn:aws:ssm:us-east-1:000000000000:parameter/plain"))
                        .parameter()
                        .value())
                .isEqualTo("one");
        assertThat(ssm.getParameter(b -> b.name("arn:aws:ssm:us-east-1:000000000000:parameter/team/list"))
                        .parameter()
                        .value())
                .isEqualTo("a,b,c");
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("arn:aws:ssm:eu-west-1:000000000000:parameter/plain")))
                .isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void getParametersAnswersTheFoundOnesAndListsTheOthersAsInvalid() {
        ssm.putParameter(b -> b.name("/a").value("1").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/b").value(SECRET).type(ParameterType.SECURE_STRING));

        GetParametersResponse response =
                ssm.getParameters(b -> b.names("/a", "/b", "/missing").withDecryption(true));

        assertThat(response.parameters()).extracting(Parameter::name).containsExactly("/a", "/b");
        assertThat(response.parameters()).extracting(Parameter::value).containsExactly("1", SECRET);
        assertThat(response.invalidParameters()).containsExactly("/missing");
        assertThatThrownBy(() -> ssm.getParameters(
                        b -> b.names(List.of("/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8", "/9", "/10", "/11"))))
                .isInstanceOf(SsmException.class)
                .hasMessageContaining("Names: 11 items (expected: 1-10)")
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }

    @Test
    void putWithoutOverwriteOnAnExistingNameIsParameterAlreadyExists() {
        ssm.putParameter(b -> b.name("/dup").value("1").type(ParameterType.STRING));

        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/dup").value("2").type(ParameterType.STRING)))
                .isInstanceOf(ParameterAlreadyExistsException.class)
                .hasMessageContaining(
                        "The parameter /dup already exists. To overwrite its value, set Overwrite to true.");
        assertThat(ssm.getParameter(b -> b.name("/dup")).parameter().value()).isEqualTo("1");
    }

    @Test
    void anOverwriteCannotChangeTheTypeNorAddTags() {
        ssm.putParameter(b -> b.name("/typed").value("1").type(ParameterType.STRING));

        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/typed")
                        .value("2")
                        .type(ParameterType.SECURE_STRING)
                        .overwrite(true)))
                .isInstanceOf(HierarchyTypeMismatchException.class)
                .hasMessageContaining("Type: /typed is a String; its type can't be changed to SecureString");
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/typed")
                        .value("2")
                        .overwrite(true)
                        .tags(t -> t.key("k").value("v"))))
                .isInstanceOf(SsmException.class)
                .hasMessageContaining("Tags: can't be given with Overwrite");
    }

    @Test
    void namesFollowTheParameterStoreRules() {
        assertValidation("no spaces", "Name: 'no spaces' (expected: only a-z, A-Z, 0-9");
        assertValidation(
                "awsThing", "Name: 'awsThing' (a parameter name can't begin with 'aws' or 'ssm', in any case)");
        assertValidation("/SSM/x", "can't begin with 'aws' or 'ssm'");
        assertValidation("a/b", "Name: 'a/b' (a name with levels is fully qualified: it starts with '/', e.g. /a/b)");
        assertValidation("/a//b", "Name: '/a//b' (expected: no empty level, no '//' and no trailing '/')");
        assertValidation("/a/", "no trailing '/'");
        assertValidation("x".repeat(1012), "Name: 1012 characters (expected: at most 1011)");
        assertValidation("arn:aws:ssm:us-east-1:000000000000:parameter/x", "is an ARN (expected: the parameter's name");
        String sixteenLevels = "/l".repeat(16);
        assertThatThrownBy(() ->
                        ssm.putParameter(b -> b.name(sixteenLevels).value("v").type(ParameterType.STRING)))
                .isInstanceOf(HierarchyLevelLimitExceededException.class)
                .hasMessageContaining("has 16 levels (a hierarchy can have at most 15)");
        assertThat(ssm.putParameter(b -> b.name("/l".repeat(15)).value("v").type(ParameterType.STRING))
                        .version())
                .isEqualTo(1);
    }

    @Test
    void valueTypeAndDescriptionAreChecked() {
        assertPutRefused(
                b -> b.name("/v").value("").type(ParameterType.STRING), "Value: is required (1-4096 characters)");
        assertPutRefused(
                b -> b.name("/v").value("x".repeat(4097)).type(ParameterType.STRING),
                "Value: 4097 characters (expected: at most 4096 for a Standard parameter)");
        assertPutRefused(b -> b.name("/v").value("x"), "Type: is required for a new parameter");
        assertPutRefused(
                b -> b.name("/v").value("x").type("Binary"),
                "Type: 'Binary' (expected: String, StringList or SecureString)");
        assertPutRefused(
                b -> b.name("/v").value("x").type(ParameterType.STRING).description("d".repeat(1025)),
                "Description: 1025 characters (expected: at most 1024)");
        assertPutRefused(
                b -> b.name("/v").value("x").type(ParameterType.STRING).tier("Advanced"),
                "Tier: 'Advanced' (expected: Standard");
    }

    @Test
    void deleteParameterRemovesItAndAnUnknownNameIsParameterNotFound() {
        ssm.putParameter(b -> b.name("/gone").value("1").type(ParameterType.STRING));

        ssm.deleteParameter(b -> b.name("/gone"));

        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/gone")))
                .isInstanceOf(ParameterNotFoundException.class)
                .hasMessageContaining("Parameter /gone not found.");
        assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name("/gone")))
                .isInstanceOf(ParameterNotFoundException.class)
                .hasMessageContaining("Parameter /gone not found.");
    }

    @Test
    void deleteParametersDeletesTheKnownOnesAndListsTheOthers() {
        ssm.putParameter(b -> b.name("/x").value("1").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/y").value("1").type(ParameterType.STRING));

        var response = ssm.deleteParameters(b -> b.names("/x", "/nope", "/y"));

        assertThat(response.deletedParameters()).containsExactly("/x", "/y");
        assertThat(response.invalidParameters()).containsExactly("/nope");
        assertThat(ssm.describeParameters(b -> {}).parameters()).isEmpty();
    }

    @Test
    void describeParametersAnswersMetadataNeverValuesInPages() throws Exception {
        for (int i = 0; i < 5; i++) {
            String name = "/app/p" + i;
            ssm.putParameter(b ->
                    b.name(name).value(SECRET).type(ParameterType.SECURE_STRING).description("n" + name));
        }
        ssm.putParameter(b -> b.name("/app/deep/q").value("plain").type(ParameterType.STRING));

        DescribeParametersResponse first = ssm.describeParameters(b -> b.maxResults(4));
        DescribeParametersResponse second =
                ssm.describeParameters(b -> b.maxResults(4).nextToken(first.nextToken()));

        assertThat(first.parameters()).hasSize(4);
        assertThat(second.parameters()).hasSize(2);
        assertThat(second.nextToken()).isNull();
        ParameterMetadata p0 = first.parameters().stream()
                .filter(p -> p.name().equals("/app/p0"))
                .findFirst()
                .orElseThrow();
        assertThat(p0.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(p0.keyId()).isEqualTo("alias/aws/ssm");
        assertThat(p0.version()).isEqualTo(1);
        assertThat(p0.description()).isEqualTo("n/app/p0");
        assertThat(p0.arn()).isEqualTo("arn:aws:ssm:us-east-1:000000000000:parameter/app/p0");
        assertThat(p0.tierAsString()).isEqualTo("Standard");
        assertThat(first.toString() + second.toString()).doesNotContain(SECRET).doesNotContain("plain");
        assertThat(Files.readAllBytes(data.resolve("store.db")))
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1)
                .doesNotContain(SECRET);
    }

    @Test
    void describeParametersFiltersByNameTypeAndPath() {
        ssm.putParameter(b -> b.name("/app/a").value("1").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/app/deep/b").value("1").type(ParameterType.SECURE_STRING));
        ssm.putParameter(b -> b.name("other").value("1").type(ParameterType.STRING_LIST));

        assertThat(names(f -> f.key("Path").values("/app"))).containsExactly("/app/a");
        assertThat(names(f -> f.key("Path").option("Recursive").values("/app")))
                .containsExactly("/app/a", "/app/deep/b");
        assertThat(names(f -> f.key("Type").values("SecureString"))).containsExactly("/app/deep/b");
        assertThat(names(f -> f.key("Name").option("BeginsWith").values("/app/")))
                .containsExactly("/app/a", "/app/deep/b");
        assertThat(names(f -> f.key("Name").option("Contains").values("the"))).containsExactly("other");
        assertThatThrownBy(() -> names(f -> f.key("Label").values("x")))
                .isInstanceOf(InvalidFilterKeyException.class)
                .hasMessageContaining("ParameterFilters[0].Key: 'Label' (expected: Name, Type or Path");
        assertThatThrownBy(() -> names(f -> f.key("Type").option("Contains").values("x")))
                .isInstanceOf(InvalidFilterOptionException.class)
                .hasMessageContaining("ParameterFilters[0].Option: 'Contains' (expected for Type: BeginsWith, Equals)");
        assertThatThrownBy(() -> ssm.describeParameters(b -> b.nextToken("bogus")))
                .isInstanceOf(InvalidNextTokenException.class);
    }

    private List<String> names(
            java.util.function.Consumer<software.amazon.awssdk.services.ssm.model.ParameterStringFilter.Builder>
                    filter) {
        return ssm.describeParameters(b -> b.parameterFilters(filter)).parameters().stream()
                .map(ParameterMetadata::name)
                .sorted()
                .toList();
    }

    private void assertValidation(String name, String message) {
        assertPutRefused(b -> b.name(name).value("v").type(ParameterType.STRING), message);
    }

    private void assertPutRefused(
            java.util.function.Consumer<software.amazon.awssdk.services.ssm.model.PutParameterRequest.Builder> request,
            String message) {
        assertThatThrownBy(() -> ssm.putParameter(request))
                .isInstanceOf(SsmException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }
}
