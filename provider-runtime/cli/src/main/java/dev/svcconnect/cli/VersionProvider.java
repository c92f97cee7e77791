package dev.svcconnect.cli;

import picocli.CommandLine;

/** {@code --version}: the version and the commit the build was made from ({@link BuildInfo}). */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().describe()};
    }
}
