package dev.svcconnect.sample.webui;

import dev.svcconnect.sample.common.Lifecycle;

/** The {@code webui} program: {@code java -jar webui.jar}, configured by {@link WebUiSettings#from}. */
public final class WebUiMain {

    private WebUiMain() {}

    /** Runs webui until SIGTERM; with the argument {@code health}, checks the running webui once. */
    public static void main(String[] args) {
        Lifecycle.main("webui", args, env -> WebUi.start(WebUiSettings.from(env)), WebUiHealth::check);
    }
}
