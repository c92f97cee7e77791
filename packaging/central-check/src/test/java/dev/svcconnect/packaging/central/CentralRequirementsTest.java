package dev.svcconnect.packaging.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.NodeList;

/**
 * What Maven Central requires of every published artifact: a sources jar and a javadoc jar beside
 * the jar, and a POM with coordinates, name, description, url, licenses, developers and scm.
 * Signatures are not checked here: {@code -Dgpg.skip} builds without a key.
 */
class CentralRequirementsTest {

    static Iterable<PublishedModule> modules() {
        return PublishedModule.all();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void theJarHoldsTheClasses(PublishedModule module) {
        assertThat(module.jar("")).isRegularFile();
        assertThat(module.entries("")).anyMatch(e -> e.endsWith(".class"));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void aSourcesJarHoldsTheJavaSources(PublishedModule module) {
        assertThat(module.jar("sources")).isRegularFile();
        assertThat(module.entries("sources")).anyMatch(e -> e.endsWith(".java"));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void aJavadocJarHoldsTheApiDocumentation(PublishedModule module) {
        assertThat(module.jar("javadoc")).isRegularFile();
        assertThat(module.entries("javadoc")).contains("index.html");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void thePomHasTheCoordinatesAndTheReleaseVersion(PublishedModule module) {
        assertThat(module.pom("/project/groupId")).isEqualTo("dev.svcconnect");
        assertThat(module.pom("/project/artifactId")).isEqualTo(module.artifactId());
        assertThat(module.pom("/project/version")).isEqualTo(PublishedModule.VERSION);
        assertThat(module.pom("/project/parent"))
                .as("a self-contained POM: no parent to publish")
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void thePomHasTheMetadataCentralRequires(PublishedModule module) {
        assertThat(module.pom("/project/name")).isNotBlank();
        assertThat(module.pom("/project/description")).isNotBlank();
        assertThat(module.pom("/project/url")).startsWith("https://");
        assertThat(module.pom("/project/licenses/license/name")).isEqualTo("Apache License, Version 2.0");
        assertThat(module.pom("/project/licenses/license/url"))
                .isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        assertThat(module.pom("/project/developers/developer/name")).isNotBlank();
        assertThat(module.pom("/project/scm/connection")).startsWith("scm:git:");
        assertThat(module.pom("/project/scm/developerConnection")).startsWith("scm:git:");
        assertThat(module.pom("/project/scm/url")).startsWith("https://");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyDependencyHasAResolvedVersion(PublishedModule module) {
        NodeList versions = module.pomNodes("/project/dependencies/dependency/version");
        assertThat(module.pomNodes("/project/dependencies/dependency").getLength())
                .isEqualTo(versions.getLength());
        assertThat(IntStream.range(0, versions.getLength())
                        .mapToObj(i -> versions.item(i).getTextContent()))
                .allSatisfy(v -> assertThat(v).isNotBlank().doesNotContain("${"));
    }
}
