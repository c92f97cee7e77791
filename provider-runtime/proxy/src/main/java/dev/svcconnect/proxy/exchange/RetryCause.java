package dev.svcconnect.proxy.exchange;

/** Why an attempt failed, which decides where the request may go again and what it costs. */
public enum RetryCause {

    /** The endpoint answered 503 or could not be reached: retry elsewhere, within the budget. */
    ENDPOINT_FAILED(false, true),
    /**
     * A pooled connection the endpoint had already closed (a keep-alive race, not the endpoint's
     * fault): the same endpoint may take the retry, within the budget.
     */
    STALE_CONNECTION(true, true),
    /**
     * The endpoint refused the stream unprocessed (HTTP/2 {@code REFUSED_STREAM}, or left out by
     * its GOAWAY): the same endpoint may take it again, and the budget, which protects struggling
     * endpoints, is not charged.
     */
    REFUSED(true, false);

    private final boolean sameEndpointAllowed;
    private final boolean budgeted;

    RetryCause(boolean sameEndpointAllowed, boolean budgeted) {
        this.sameEndpointAllowed = sameEndpointAllowed;
        this.budgeted = budgeted;
    }

    /** Whether the retry may go to an endpoint already tried (else it needs an untried one). */
    public boolean sameEndpointAllowed() {
        return sameEndpointAllowed;
    }

    /** Whether the retry takes a token from the listener's retry budget. */
    public boolean budgeted() {
        return budgeted;
    }

    /** Whether the endpoint's failure counts for outlier detection. */
    public boolean endpointsFault() {
        return !sameEndpointAllowed;
    }
}
