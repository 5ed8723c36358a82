package org.applecore.platform.architecture;

import org.applecore.platform.testing.TestHost;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direction of dependencies (architecture guide, "Modules"): the SDK is plain Java, the host never
 * imports a plugin, plugins see only the SDK, and no plugin archive carries classes the host provides.
 * Reads the sources and the archives the build produced.
 */
class ArchitectureTest {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Path ROOT = Path.of(System.getProperty("applecore.test.repo-root", "..")).toAbsolutePath().normalize();

    @Test
    void sdkImportsNeitherMicronautNorThePlatform() throws IOException {
        List<String> offending = importsMatching(ROOT.resolve("sdk/src/main/java"),
                name -> name.startsWith("io.micronaut") || name.startsWith("org.applecore.platform"));
        assertThat(offending).isEmpty();
    }

    @Test
    void sdkDependsOnNothingButTheJdkAndPf4j() throws IOException {
        List<String> offending = importsMatching(ROOT.resolve("sdk/src/main/java"),
                name -> !(name.startsWith("java.") || name.startsWith("org.pf4j.") || name.startsWith("org.applecore.sdk")));
        assertThat(offending).isEmpty();
    }

    @Test
    void platformNeverImportsAPluginPackage() throws IOException {
        Set<String> pluginPackages = new java.util.HashSet<>();
        for (Path sources : pluginSourceRoots()) {
            pluginPackages.addAll(packagesUnder(sources));
        }
        assertThat(pluginPackages).as("plugin packages found").isNotEmpty();
        List<String> offending = importsMatching(ROOT.resolve("platform/src/main/java"),
                name -> pluginPackages.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + ".")));
        assertThat(offending).isEmpty();
    }

    @Test
    void pluginsImportOnlyTheSdkAndTheirOwnLibraries() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path sources : pluginSourceRoots()) {
            offending.addAll(importsMatching(sources,
                    name -> name.startsWith("org.applecore.platform") || name.startsWith("io.micronaut")));
        }
        assertThat(pluginSourceRoots()).isNotEmpty();
        assertThat(offending).isEmpty();
    }

    @Test
    void builtPluginArchivesCarryNoHostClasses() throws IOException {
        List<Path> archives;
        try (Stream<Path> files = Files.list(TestHost.bundledPluginsDir())) {
            archives = files.filter(f -> f.toString().endsWith(".zip")).toList();
        }
        assertThat(archives).as("plugin archives built by the reactor").isNotEmpty();
        for (Path archive : archives) {
            List<String> offending = new ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                collectHostClasses(zip, "", offending);
            }
            assertThat(offending).as(archive.getFileName().toString()).isEmpty();
        }
    }

    /** Looks into the archive and into every jar under its lib/. */
    private static void collectHostClasses(ZipInputStream zip, String prefix, List<String> offending) throws IOException {
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            String name = entry.getName();
            String classPath = name.startsWith("classes/") ? name.substring("classes/".length()) : name;
            if (classPath.startsWith("org/applecore/sdk/") || classPath.startsWith("org/pf4j/")
                    || classPath.startsWith("org/slf4j/")) {
                offending.add(prefix + name);
            }
            String fileName = name.substring(name.lastIndexOf('/') + 1);
            if (name.startsWith("lib/") && (fileName.startsWith("applecore-sdk") || fileName.startsWith("pf4j")
                    || fileName.startsWith("slf4j"))) {
                offending.add(prefix + name);
            }
            if (name.endsWith(".jar")) {
                byte[] jar = zip.readAllBytes();
                try (InputStream in = new ByteArrayInputStream(jar); ZipInputStream nested = new ZipInputStream(in)) {
                    collectHostClasses(nested, prefix + name + "!/", offending);
                }
            }
        }
    }

    private static List<Path> pluginSourceRoots() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("plugins"))) {
            return dirs.map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
    }

    private static Set<String> packagesUnder(Path sources) throws IOException {
        Set<String> packages = new java.util.HashSet<>();
        for (Path file : javaFiles(sources)) {
            Matcher matcher = PACKAGE.matcher(Files.readString(file));
            if (matcher.find()) {
                packages.add(matcher.group(1));
            }
        }
        return packages;
    }

    private static List<String> importsMatching(Path sources, java.util.function.Predicate<String> offending) throws IOException {
        assertThat(sources).isDirectory();
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(sources)) {
            Matcher matcher = IMPORT.matcher(Files.readString(file));
            while (matcher.find()) {
                if (offending.test(matcher.group(1))) {
                    found.add(ROOT.relativize(file) + " imports " + matcher.group(1));
                }
            }
        }
        return found;
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
