package dev.svcconnect.controlplane.api.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcconnect.controlplane.server.ControlPlaneFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListAccountSettingsRequest;
import software.amazon.awssdk.services.ecs.model.Setting;

class AccountSettingsTest {

    private static final String ROOT = "arn:aws:iam::000000000000:root";
    private static final String ROLE = "arn:aws:iam::000000000000:role/deployer";

    @TempDir
    Path data;

    private ControlPlaneFixture fixture;
    private EcsClient ecs;

    @BeforeEach
    void start() {
        fixture = new ControlPlaneFixture(data);
        ecs = fixture.ecs;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<String> settings(ListAccountSettingsRequest request) {
        return ecs.listAccountSettings(request).settings().stream()
                .map(s -> s.nameAsString() + "=" + s.value() + " " + s.principalArn() + " " + s.typeAsString())
                .toList();
    }

    @Test
    void settingsAreStoredPerPrincipalAndTheEffectiveOnesFallBackToTheDefaults() {
        Setting saved = ecs.putAccountSettingDefault(
                        b -> b.name("containerInsights").value("enhanced"))
                .setting();
        assertThat(saved.principalArn()).isEqualTo(ROOT);
        ecs.putAccountSetting(b -> b.name("containerInsights").value("disabled").principalArn(ROLE));
        ecs.putAccountSetting(b -> b.name("awsvpcTrunking").value("enabled"));

        assertThat(settings(ListAccountSettingsRequest.builder().build()))
                .containsExactly(
                        "awsvpcTrunking=enabled " + ROOT + " user", "containerInsights=enhanced " + ROOT + " user");
        assertThat(settings(ListAccountSettingsRequest.builder()
                        .principalArn(ROLE)
                        .effectiveSettings(true)
                        .name("containerInsights")
                        .build()))
                .containsExactly("containerInsights=disabled " + ROLE + " user");
        assertThat(settings(ListAccountSettingsRequest.builder()
                        .principalArn(ROLE)
                        .effectiveSettings(true)
                        .name("guardDutyActivate")
                        .build()))
                .containsExactly("guardDutyActivate=off " + ROLE + " aws_managed");

        ecs.deleteAccountSetting(b -> b.name("containerInsights").principalArn(ROLE));
        assertThat(settings(ListAccountSettingsRequest.builder()
                        .principalArn(ROLE)
                        .effectiveSettings(true)
                        .name("containerInsights")
                        .build()))
                .containsExactly("containerInsights=enhanced " + ROOT + " user");
    }

    @Test
    void effectiveSettingsPageTenAtATime() {
        var first = ecs.listAccountSettings(b -> b.effectiveSettings(true));
        assertThat(first.settings()).hasSize(10);
        assertThat(ecs.listAccountSettings(b -> b.effectiveSettings(true).nextToken(first.nextToken()))
                        .settings())
                .extracting(Setting::nameAsString)
                .containsExactly("fargateTaskRetirementWaitPeriod", "defaultLogDriverMode");
    }

    @Test
    void unknownNamesValuesAndPrincipalsAreRefused() {
        assertThatThrownBy(
                        () -> ecs.putAccountSetting(b -> b.name("notASetting").value("on")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("name: 'notASetting' (expected one of: serviceLongArnFormat,");
        assertThatThrownBy(() -> ecs.putAccountSetting(
                        b -> b.name("fargateTaskRetirementWaitPeriod").value("3")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("value: '3' for fargateTaskRetirementWaitPeriod (expected one of: 7, 0, 14)");
        assertThatThrownBy(() -> ecs.putAccountSetting(
                        b -> b.name("awsvpcTrunking").value("enabled").principalArn("deployer")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("principalArn: 'deployer' (expected: the ARN of an IAM user, role or the root");
        assertThatThrownBy(() -> ecs.deleteAccountSetting(b -> b.name("awsvpcTrunking")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("name: 'awsvpcTrunking' is not set for " + ROOT + " (nothing to delete).");
    }
}
