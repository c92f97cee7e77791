package dev.svcconnect.sample.appserver;

import dev.svcconnect.sample.common.Lifecycle;

/** The {@code appserver} program: {@code java -jar appserver.jar}, configured by {@link AppServerSettings#from}. */
public final class AppServerMain {

    private AppServerMain() {}

    /** Runs appserver until SIGTERM; with the argument {@code health}, checks the running appserver once. */
    public static void main(String[] args) {
        Lifecycle.main("appserver", args, env -> AppServer.start(AppServerSettings.from(env)), AppServerHealth::check);
    }
}
