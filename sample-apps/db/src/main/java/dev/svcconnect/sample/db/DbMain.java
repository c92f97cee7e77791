package dev.svcconnect.sample.db;

import dev.svcconnect.sample.common.Lifecycle;

/** The {@code db} program: {@code java -jar db.jar}, configured by the environment ({@link DbSettings#from}). */
public final class DbMain {

    private DbMain() {}

    /** Runs the database server until SIGTERM; with the argument {@code health}, checks it once. */
    public static void main(String[] args) {
        Lifecycle.main("db", args, env -> DbServer.start(DbSettings.from(env)), DbHealth::check);
    }
}
