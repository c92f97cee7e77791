package dev.svcconnect.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.model.AccessModifier;
import japicmp.model.JApiChangeStatus;
import japicmp.model.JApiClass;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtNewMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the build's API compatibility check (japicmp against {@code api-baseline/LINE}, see
 * docs/releasing.md) takes for a breaking change, shown on a real construct: two small jars, one
 * holding {@link LoadBalancer} as built, the other as changed, compared as the build compares
 * them (public and protected members).
 */
class ApiCompatibilityCheckTest {

    private static final String LOAD_BALANCER = LoadBalancer.class.getName();

    @TempDir
    Path dir;

    @Test
    void aRemovedPublicMethodBreaksBinaryAndSourceCompatibility() throws Exception {
        JApiClass changed = compareWith(c -> c.removeMethod(c.getDeclaredMethod("getUrl")));

        assertThat(changed.isBinaryCompatible()).isFalse();
        assertThat(changed.isSourceCompatible()).isFalse();
        assertThat(changed.getMethods())
                .filteredOn(m -> m.getName().equals("getUrl"))
                .singleElement()
                .satisfies(m -> assertThat(m.getChangeStatus()).isEqualTo(JApiChangeStatus.REMOVED));
    }

    @Test
    void anAddedPublicMethodIsCompatible() throws Exception {
        JApiClass changed = compareWith(c -> c.addMethod(CtNewMethod.make("public int answer() { return 42; }", c)));

        assertThat(changed.isBinaryCompatible()).isTrue();
        assertThat(changed.isSourceCompatible()).isTrue();
        assertThat(changed.getMethods())
                .filteredOn(m -> m.getName().equals("answer"))
                .singleElement()
                .satisfies(m -> assertThat(m.getChangeStatus()).isEqualTo(JApiChangeStatus.NEW));
    }

    /** Compares LoadBalancer as built with a copy changed by {@code change}; the class's result. */
    private JApiClass compareWith(ClassChange change) throws Exception {
        ClassPool pool = new ClassPool(true);
        pool.appendClassPath(System.getProperty("svcconnect.classesDir"));
        CtClass built = pool.get(LOAD_BALANCER);
        Path oldJar = jar("old.jar", built.toBytecode());
        built.defrost();
        change.apply(built);
        Path newJar = jar("new.jar", built.toBytecode());

        JarArchiveComparatorOptions options = new JarArchiveComparatorOptions();
        options.setAccessModifier(AccessModifier.PROTECTED);
        options.getClassPathEntries().addAll(dependencies());
        List<JApiClass> classes = new JarArchiveComparator(options)
                .compare(new JApiCmpArchive(oldJar.toFile(), "old"), new JApiCmpArchive(newJar.toFile(), "new"));
        return classes.stream()
                .filter(c -> c.getFullyQualifiedName().equals(LOAD_BALANCER))
                .findFirst()
                .orElseThrow();
    }

    private Path jar(String name, byte[] loadBalancerClass) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(LOAD_BALANCER.replace('.', '/') + ".class"));
            out.write(loadBalancerClass);
            out.closeEntry();
        }
        return jar;
    }

    /** The test class path without this module's classes: what LoadBalancer's signatures refer to. */
    private static List<String> dependencies() {
        String classes = Path.of(System.getProperty("svcconnect.classesDir")).toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toString().equals(classes))
                .toList();
    }

    @FunctionalInterface
    private interface ClassChange {
        void apply(CtClass loadBalancer) throws Exception;
    }
}
