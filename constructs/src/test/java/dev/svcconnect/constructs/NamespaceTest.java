package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;

class NamespaceTest {

    @Test
    void rendersAnHttpNamespaceWithItsNameAndDescription() {
        Stack stack = Apps.stack();
        Namespace.Builder.create(stack, "Ns")
                .name("internal")
                .description("our services")
                .build();

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectNamespace", Map.of("Name", "internal", "Description", "our services"));
    }

    @Test
    void leavesTheDescriptionOutWhenNotGiven() {
        Stack stack = Apps.stack();
        new Namespace(stack, "Ns", NamespaceProps.builder().name("internal").build());

        Apps.template(stack)
                .hasResourceProperties(
                        "Custom::SvcConnectNamespace", Map.of("Name", "internal", "Description", Match.absent()));
    }

    @Test
    void importedNamespaceRendersNothing() {
        Stack stack = Apps.stack();
        INamespace ns = Namespace.fromNamespaceName(stack, "Ns", "shared");

        assertThat(ns.getNamespaceName()).isEqualTo("shared");
        Apps.template(stack).resourceCountIs("Custom::SvcConnectNamespace", 0);
    }

    @Test
    void rejectsANameWithASlash() {
        Stack stack = Apps.stack();

        assertThatThrownBy(
                        () -> Namespace.Builder.create(stack, "Ns").name("a/b").build())
                .hasMessage(
                        "name: 'a/b' (expected: 1-1024 printable characters without spaces, '<', '>', '\"' or '/')");
    }
}
