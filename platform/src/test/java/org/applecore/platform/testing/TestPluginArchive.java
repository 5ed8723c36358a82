package org.applecore.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds PF4J plugin archives on the fly from classes compiled with the tests, in the same layout the
 * build's plugin packaging produces, so that a test can install a plugin that fails, needs another
 * platform version, or depends on another plugin.
 */
public final class TestPluginArchive {

    private final String id;
    private String version = "1.0.0";
    private String requires = ">=1.0.0";
    private String dependencies = "";
    private Class<?> entryClass;
    private final Map<String, byte[]> extraEntries = new LinkedHashMap<>();
    private boolean descriptor = true;

    private TestPluginArchive(String id) {
        this.id = id;
    }

    public static TestPluginArchive plugin(String id, Class<?> entryClass) {
        TestPluginArchive archive = new TestPluginArchive(id);
        archive.entryClass = entryClass;
        return archive;
    }

    public TestPluginArchive version(String version) {
        this.version = version;
        return this;
    }

    public TestPluginArchive requires(String requires) {
        this.requires = requires;
        return this;
    }

    public TestPluginArchive dependencies(String dependencies) {
        this.dependencies = dependencies;
        return this;
    }

    public TestPluginArchive entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestPluginArchive entry(String name, byte[] content) {
        extraEntries.put(name, content.clone());
        return this;
    }

    public TestPluginArchive withoutDescriptor() {
        this.descriptor = false;
        return this;
    }

    public byte[] build() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (descriptor) {
                put(zip, "plugin.properties", ("plugin.id=" + id + "\nplugin.version=" + version
                        + "\nplugin.class=" + entryClass.getName() + "\nplugin.requires=" + requires
                        + "\nplugin.dependencies=" + dependencies + "\nplugin.provider=tests\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            put(zip, "classes/META-INF/extensions.idx", (entryClass.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Path> classFile : classFilesOf(entryClass).entrySet()) {
                put(zip, "classes/" + classFile.getKey(), Files.readAllBytes(classFile.getValue()));
            }
            for (Map.Entry<String, byte[]> entry : extraEntries.entrySet()) {
                put(zip, entry.getKey(), entry.getValue());
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file of a class and of its nested classes, by their path in an archive. */
    private static Map<String, Path> classFilesOf(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        Path file;
        try {
            file = Path.of(type.getClassLoader().getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String packagePath = resource.substring(0, resource.lastIndexOf('/') + 1);
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(type.getSimpleName() + ".class") || name.startsWith(type.getSimpleName() + "$");
            }).forEach(p -> files.put(packagePath + p.getFileName(), p));
        }
        return files;
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
