package dev.svcconnect.packaging.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A module the release profile publishes, as its target directory holds it after {@code verify}:
 * the jars it attaches and the POM the flatten plugin wrote for install and deploy.
 *
 * @param directory the module's directory, relative to the root of the build
 * @param artifactId its artifact id
 */
record PublishedModule(String directory, String artifactId) {

    static final Path ROOT = Path.of(System.getProperty("svcconnect.rootDir"));
    static final String VERSION = System.getProperty("svcconnect.version");

    /** The modules named by the system property svcconnect.published ({@code dir:artifactId,...}). */
    static List<PublishedModule> all() {
        return Arrays.stream(System.getProperty("svcconnect.published").split(","))
                .map(m -> new PublishedModule(m.substring(0, m.indexOf(':')), m.substring(m.indexOf(':') + 1)))
                .toList();
    }

    /** The attached jar with {@code classifier}, or the main jar for an empty classifier. */
    Path jar(String classifier) {
        String suffix = classifier.isEmpty() ? "" : "-" + classifier;
        return target().resolve(artifactId + "-" + VERSION + suffix + ".jar");
    }

    /** The names of the entries of {@link #jar(String)}. */
    List<String> entries(String classifier) {
        try (JarFile jar = new JarFile(jar(classifier).toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of {@code xpath} in the POM that install and deploy use, empty when absent. */
    String pom(String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, pomDocument());
        } catch (Exception e) {
            throw new AssertionError("cannot evaluate " + xpath + " on " + pomFile(), e);
        }
    }

    /** The nodes {@code xpath} selects in that POM. */
    NodeList pomNodes(String xpath) {
        try {
            return (NodeList)
                    XPathFactory.newInstance().newXPath().evaluate(xpath, pomDocument(), XPathConstants.NODESET);
        } catch (Exception e) {
            throw new AssertionError("cannot evaluate " + xpath + " on " + pomFile(), e);
        }
    }

    Path pomFile() {
        return target().resolve(".flattened-pom.xml");
    }

    private Document pomDocument() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(pomFile().toFile());
    }

    private Path target() {
        return ROOT.resolve(directory).resolve("target");
    }

    @Override
    public String toString() {
        return artifactId;
    }
}
