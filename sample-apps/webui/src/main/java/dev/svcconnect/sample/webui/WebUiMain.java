package dev.svcconnect.sample.webui;

import dev.svcconnect.sample.common.Lifecycle;

/** The {@code webui} program: {@code java -jar webui.jar}, configured by {@link WebUiSettings#from}. */
public final class WebUiMain {

    private WebUiMain() {
    }

    /** Runs webui until SIGTERM. */
    public static void main(String[] args) {
        Lifecycle.run("webui", env -> WebUi.start(WebUiSettings.from(env)));
    }
}
