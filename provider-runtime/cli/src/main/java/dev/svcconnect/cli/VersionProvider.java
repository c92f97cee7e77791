package dev.svcconnect.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = SvcConnect.class.getPackage().getImplementationVersion();
        return new String[] {"svc-connect " + (version == null ? "development" : version)};
    }
}
