package dev.svcconnect.sample.appserver;

import dev.svcconnect.sample.common.Lifecycle;

/** The {@code appserver} program: {@code java -jar appserver.jar}, configured by {@link AppServerSettings#from}. */
public final class AppServerMain {

    private AppServerMain() {
    }

    /** Runs appserver until SIGTERM. */
    public static void main(String[] args) {
        Lifecycle.run("appserver", env -> AppServer.start(AppServerSettings.from(env)));
    }
}
