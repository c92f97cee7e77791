package dev.svcconnect.packaging.debian;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The .deb this module built, read with {@code dpkg-deb} as dpkg reads it. */
record DebianPackage(Path file) {

    /** One entry of the data archive, as {@code dpkg-deb --contents} lists it. */
    record Entry(String mode, String owner, long size, String path) {}

    /** The package of this build's version, in the directory named by svcconnect.deb.directory. */
    static DebianPackage built() {
        Path directory = Path.of(System.getProperty("svcconnect.deb.directory"));
        String name = "svc-connect_" + debianVersion(System.getProperty("svcconnect.version")) + "_all.deb";
        if (!Files.isRegularFile(directory.resolve(name))) {
            throw new AssertionError("the build made no " + name + " in " + directory);
        }
        return new DebianPackage(directory.resolve(name));
    }

    /** The Debian version of a Maven version: a pre-release sorts before its release ({@code ~}). */
    static String debianVersion(String mavenVersion) {
        return mavenVersion.replace('-', '~');
    }

    /** The fields of the control file, in order. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : controlFile("control").split("\n")) {
            if (line.startsWith(" ") && current != null) {
                fields.merge(current, "\n" + line.substring(1), String::concat);
            } else if (line.contains(":")) {
                current = line.substring(0, line.indexOf(':'));
                fields.put(current, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    /** A file of the control archive (control, conffiles, postinst, ...). */
    String controlFile(String name) {
        return Command.succeed("dpkg-deb", "--info", file.toString(), name);
    }

    /** The entries of the data archive, paths without the leading dot. */
    List<Entry> contents() {
        return Command.succeed("dpkg-deb", "--contents", file.toString())
                .lines()
                .map(line -> line.split("\\s+", 6))
                .map(f -> new Entry(f[0], f[1], Long.parseLong(f[2]), f[5].substring(1)))
                .toList();
    }

    /** The entry at {@code path}, failing when the package has none. */
    Entry entry(String path) {
        return contents().stream()
                .filter(e -> e.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file.getFileName() + " has no " + path));
    }

    /** A text file of the data archive. */
    String dataFile(String path) {
        return Command.succeed(
                "sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - \".$1\"", file.toString(), path);
    }
}
