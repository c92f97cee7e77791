package dev.svcconnect.controlplane.document;

/**
 * The ECS attribute names that svc-connect gives tasks and hosts: what a host agent reported about
 * a task, and what a host said when it registered. Read them with {@link Task#attribute} and
 * {@link Host#attribute}.
 */
public final class Attributes {

    /** The prefix of every svc-connect attribute; a report replaces all of a task's. */
    public static final String PREFIX = "svc-connect.";
    /** Task attribute: the address the task's inbound proxy listens on. */
    public static final String ADDRESS = PREFIX + "address";
    /** Task attribute: the address the application listens on, behind the inbound proxy. */
    public static final String APP_ADDRESS = PREFIX + "app-address";
    /** Task attribute prefix: the inbound port of a port mapping name, when not the default. */
    public static final String INGRESS_PORT = PREFIX + "ingress-port.";
    /** Task attribute: the first two octets of the task's client alias addresses, when not 127.255. */
    public static final String ALIAS_PREFIX = PREFIX + "alias-prefix";
    /** Task attribute: the address of the task proxy's admin port, when not the default. */
    public static final String ADMIN_ADDRESS = PREFIX + "admin-address";
    /** Task attribute: the time (epoch seconds) before which a host should not start the task. */
    public static final String START_AFTER = PREFIX + "start-after";
    /**
     * Task attribute: the ARN of the namespace whose client aliases a task that RunTask started
     * reaches through its proxy (its cluster's default namespace); a report keeps it.
     */
    public static final String CLIENT_NAMESPACE = PREFIX + "client-namespace";
    /** Host attribute: the launch type of the tasks a host runs. */
    public static final String HOST_LAUNCH_TYPE = PREFIX + "launch-type";
    /** Host attribute: the host's address. */
    public static final String HOST_ADDRESS = PREFIX + "address";
    /** Host attribute (name only) of a host that runs Fargate-like tasks. */
    public static final String FARGATE_CAPABILITY = "ecs.capability.fargate";

    private Attributes() {}
}
