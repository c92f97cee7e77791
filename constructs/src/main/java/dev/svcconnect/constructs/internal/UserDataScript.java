package dev.svcconnect.constructs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awscdk.services.ec2.UserData;

/**
 * The user data of svc-connect's EC2 instances: a bash script whose body is a resource of this
 * package (so it can be read, linted and run as it is) preceded by one {@code NAME='VALUE'} line per
 * variable, the values being CloudFormation tokens where the construct has them.
 */
public final class UserDataScript {

    private UserDataScript() {}

    /** {@code UserData} of the script {@code resource} with {@code variables} set before it, in order. */
    public static UserData of(String resource, Map<String, String> variables) {
        UserData userData = UserData.forLinux();
        variables.forEach((name, value) -> userData.addCommands(name + "='" + value + "'"));
        userData.addCommands(body(resource));
        return userData;
    }

    /** The body of the script {@code resource}. */
    public static String body(String resource) {
        try (InputStream in = UserDataScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "The user data script " + resource + " is missing from the constructs jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
