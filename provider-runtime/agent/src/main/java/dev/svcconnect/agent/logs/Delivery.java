package dev.svcconnect.agent.logs;

/** What became of lines sent to the control plane. */
public enum Delivery {
    /** Taken: the lines are not sent again. */
    DELIVERED,
    /** Refused for good (a 4xx answer: unknown task, bad lines): the lines are dropped, not sent again. */
    REFUSED,
    /** Not sent (control plane unreachable, 5xx): the lines wait in their files and are sent later. */
    FAILED
}
