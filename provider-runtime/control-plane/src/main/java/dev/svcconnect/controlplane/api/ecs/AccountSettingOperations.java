package dev.svcconnect.controlplane.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.api.ApiException;
import dev.svcconnect.controlplane.api.Pages;
import dev.svcconnect.controlplane.api.Params;
import dev.svcconnect.controlplane.document.AccountSetting;
import dev.svcconnect.controlplane.store.Store;
import dev.svcconnect.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PutAccountSetting, PutAccountSettingDefault, ListAccountSettings and DeleteAccountSetting. A
 * request without {@code principalArn} is the root user's, whose settings are the account's
 * defaults. The effective value of a setting for a principal is its own, else the root user's,
 * else AWS's default (type {@code aws_managed}). The settings are stored and answered; none
 * changes how this control plane behaves.
 */
final class AccountSettingOperations {

    /** The settings ECS knows, with their allowed values, the first being AWS's default. */
    private static final Map<String, List<String>> SETTINGS = new LinkedHashMap<>();

    static {
        for (String name : List.of("serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat")) {
            SETTINGS.put(name, List.of("enabled", "disabled"));
        }
        for (String name : List.of("awsvpcTrunking", "dualStackIPv6", "fargateFIPSMode", "fargateEventWindows")) {
            SETTINGS.put(name, List.of("disabled", "enabled"));
        }
        SETTINGS.put("containerInsights", List.of("disabled", "enabled", "enhanced"));
        SETTINGS.put("tagResourceAuthorization", List.of("on", "off"));
        SETTINGS.put("guardDutyActivate", List.of("off", "on"));
        SETTINGS.put("fargateTaskRetirementWaitPeriod", List.of("7", "0", "14"));
        SETTINGS.put("defaultLogDriverMode", List.of("blocking", "non-blocking"));
    }

    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws:iam::[0-9]{12}:(root|user/.+|role/.+)");

    private final Store store;
    private final EcsRegistry registry;

    AccountSettingOperations(Store store, EcsRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    ObjectNode put(Params request) {
        return answer(save(request, principal(request)));
    }

    ObjectNode putDefault(Params request) {
        if (request.has("principalArn")) {
            throw request.invalid(
                    "principalArn", "is not a field of PutAccountSettingDefault (it sets the root user's)");
        }
        return answer(save(request, root()));
    }

    ObjectNode delete(Params request) {
        String name = name(request);
        String principal = principal(request);
        AccountSetting deleted = store.write(tx -> {
            AccountSetting found = AccountSetting.find(tx, principal, name)
                    .orElseThrow(() -> new ApiException(
                            "InvalidParameterException",
                            "name: '" + name + "' is not set for " + principal + " (nothing to delete)."));
            found.delete(tx);
            return found;
        });
        return answer(deleted);
    }

    ObjectNode list(Params request) {
        String name = request.string("name");
        if (name != null) {
            name(request);
        }
        String value = request.string("value");
        String principal = principal(request);
        boolean effective = request.bool("effectiveSettings", false);
        List<AccountSetting> settings = store.read(tx -> {
            Map<String, AccountSetting> own = byName(AccountSetting.of(tx, principal));
            if (!effective) {
                return new ArrayList<>(own.values());
            }
            Map<String, AccountSetting> defaults = byName(AccountSetting.of(tx, root()));
            List<AccountSetting> all = new ArrayList<>();
            SETTINGS.forEach((setting, values) -> all.add(own.getOrDefault(
                    setting,
                    defaults.getOrDefault(
                            setting, new AccountSetting(setting, values.get(0), principal, "aws_managed")))));
            return all;
        });
        List<AccountSetting> matching = settings.stream()
                .filter(s -> name == null || s.name().equals(name))
                .filter(s -> value == null || s.value().equals(value))
                .toList();
        Pages<AccountSetting> page = Pages.of(matching, request, "maxResults", "nextToken", 10, 10);
        ObjectNode response = Json.mapper().createObjectNode();
        ArrayNode out = response.putArray("settings");
        page.items().forEach(s -> out.add(s.json()));
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    private AccountSetting save(Params request, String principal) {
        String name = name(request);
        String value = request.requiredString("value");
        List<String> allowed = SETTINGS.get(name);
        if (!allowed.contains(value)) {
            throw request.invalid(
                    "value", "'" + value + "' for " + name + " (expected one of: " + String.join(", ", allowed) + ")");
        }
        AccountSetting setting = new AccountSetting(name, value, principal, "user");
        store.write(tx -> {
            setting.save(tx);
            return null;
        });
        return setting;
    }

    private static String name(Params request) {
        String name = request.requiredString("name");
        if (!SETTINGS.containsKey(name)) {
            throw request.invalid(
                    "name", "'" + name + "' (expected one of: " + String.join(", ", SETTINGS.keySet()) + ")");
        }
        return name;
    }

    /** The {@code principalArn} of a request, checked; the root user's without one. */
    private String principal(Params request) {
        String principal = request.string("principalArn");
        if (principal == null) {
            return root();
        }
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw request.invalid(
                    "principalArn",
                    "'" + principal + "' (expected: the ARN of an IAM user, role or the root user,"
                            + " arn:aws:iam::ACCOUNT:root)");
        }
        return principal;
    }

    private String root() {
        return "arn:aws:iam::" + registry.names().accountId() + ":root";
    }

    private static Map<String, AccountSetting> byName(List<AccountSetting> settings) {
        Map<String, AccountSetting> byName = new LinkedHashMap<>();
        settings.forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    private static ObjectNode answer(AccountSetting setting) {
        ObjectNode response = Json.mapper().createObjectNode();
        response.set("setting", setting.json());
        return response;
    }
}
