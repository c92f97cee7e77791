package dev.svcconnect.controlplane.auth;

import java.util.Map;
import java.util.Optional;

/** The SigV4 signing name of each AWS JSON 1.1 target prefix the control plane answers. */
public final class SigningNames {

    /** The target prefix of svc-connect's own API (access keys, join tokens). */
    public static final String SVC_CONNECT_TARGET = "SvcConnect_20261201";
    /** The signing name of svc-connect's own API. */
    public static final String SVC_CONNECT = "svc-connect";

    private static final Map<String, String> BY_TARGET = Map.of(
            "AmazonEC2ContainerServiceV20141113",
            "ecs",
            "Route53AutoNaming_v20170314",
            "servicediscovery",
            "AmazonSSM",
            "ssm",
            SVC_CONNECT_TARGET,
            SVC_CONNECT);

    private SigningNames() {}

    /** The signing name of a target prefix, e.g. {@code ecs}, if it is one of ours. */
    public static Optional<String> of(String targetPrefix) {
        return Optional.ofNullable(BY_TARGET.get(targetPrefix));
    }
}
