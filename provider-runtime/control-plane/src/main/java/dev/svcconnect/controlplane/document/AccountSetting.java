package dev.svcconnect.controlplane.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.svcconnect.controlplane.store.Table;
import dev.svcconnect.controlplane.store.Transaction;
import dev.svcconnect.model.Json;
import java.util.List;
import java.util.Optional;

/**
 * An ECS account setting as stored (row of {@link Table#ACCOUNT_SETTINGS}: id
 * {@code principalArn|name}, scope the principal ARN), in the API's shape: {@code name},
 * {@code value}, {@code principalArn}, {@code type}.
 *
 * @param name e.g. {@code containerInsights}
 * @param value e.g. {@code enabled}
 * @param principalArn the user, role or root user it is for
 * @param type {@code user} for a stored setting, {@code aws_managed} for AWS's default
 */
public record AccountSetting(String name, String value, String principalArn, String type) {

    public AccountSetting {
        for (String field : new String[] {name, value, principalArn, type}) {
            if (field == null) {
                throw new IllegalArgumentException("name, value, principalArn, type: all required, got " + name + ", "
                        + value + ", " + principalArn + ", " + type);
            }
        }
    }

    /** The stored setting of a principal with this name. */
    public static Optional<AccountSetting> find(Transaction tx, String principalArn, String name) {
        return tx.get(Table.ACCOUNT_SETTINGS, principalArn + "|" + name).map(AccountSetting::of);
    }

    /** The stored settings of a principal, by name. */
    public static List<AccountSetting> of(Transaction tx, String principalArn) {
        return tx.list(Table.ACCOUNT_SETTINGS, principalArn).stream()
                .map(AccountSetting::of)
                .toList();
    }

    private static AccountSetting of(ObjectNode json) {
        return new AccountSetting(
                json.path("name").asText(),
                json.path("value").asText(),
                json.path("principalArn").asText(),
                json.path("type").asText("user"));
    }

    /** The setting as the API answers it. */
    public ObjectNode json() {
        return Json.mapper()
                .createObjectNode()
                .put("name", name)
                .put("value", value)
                .put("principalArn", principalArn)
                .put("type", type);
    }

    public void save(Transaction tx) {
        tx.put(Table.ACCOUNT_SETTINGS, principalArn + "|" + name, principalArn, null, json());
    }

    public void delete(Transaction tx) {
        tx.delete(Table.ACCOUNT_SETTINGS, principalArn + "|" + name);
    }
}
