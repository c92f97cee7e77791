package dev.svcconnect.sample.webui;

/** A request webui answers with an error page: the status, its title and the reason. */
final class HttpError extends Exception {

    private final int status;
    private final String title;

    HttpError(int status, String title, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.title = title;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    String reason() {
        return getMessage();
    }
}
