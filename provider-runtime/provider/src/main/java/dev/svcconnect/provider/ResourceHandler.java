package dev.svcconnect.provider;

/**
 * The handler of one custom resource type. onEvent starts the change and answers the physical id;
 * isComplete reports when the change has reached its desired state. Both may be called again for
 * the same event (a retry) and must then converge to the same result.
 */
public interface ResourceHandler {

    /** The resource type handled, {@code Custom::SvcConnect...}. */
    String resourceType();

    /** Starts the Create, Update or Delete of {@code event}. */
    OnEventResult onEvent(ProviderEvent event);

    /** Whether the change started by onEvent is finished; throws when it failed. */
    IsCompleteResult isComplete(ProviderEvent event);
}
