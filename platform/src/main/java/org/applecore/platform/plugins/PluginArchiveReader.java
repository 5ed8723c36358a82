package org.applecore.platform.plugins;

import org.applecore.platform.problem.ApiException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Checks an uploaded or bundled archive before anything is written: a zip in PF4J's layout
 * ({@code plugin.properties}, {@code classes/}, {@code lib/}), no entry that could escape the directory it
 * is extracted to, bounded in entries and unpacked size (zip bombs), no classes the host provides, and a
 * complete descriptor. Every refusal is a 400 whose code says which rule failed.
 */
public final class PluginArchiveReader {

    public static final String DESCRIPTOR = "plugin.properties";
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    private static final Pattern CLASS_NAME = Pattern.compile("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)*[a-zA-Z_$][a-zA-Z0-9_$]*");
    private static final List<String> HOST_PACKAGES = List.of("org/applecore/sdk/", "org/pf4j/", "org/slf4j/");

    private final long maxEntries;
    private final long maxUnpackedBytes;

    public PluginArchiveReader(long maxEntries, long maxUnpackedBytes) {
        this.maxEntries = maxEntries;
        this.maxUnpackedBytes = maxUnpackedBytes;
    }

    public PluginArchive read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw invalid("plugin.archive_empty", "The request carried no plugin archive.");
        }
        Properties descriptor = null;
        Set<String> names = new HashSet<>();
        long entries = 0;
        long unpacked = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkEntryName(name);
                if (++entries > maxEntries) {
                    throw invalid("plugin.archive_too_large", "The archive has more than " + maxEntries + " entries.");
                }
                if (!names.add(name)) {
                    throw invalid("plugin.archive_duplicate_entry", "The archive holds the entry '" + name + "' twice.");
                }
                checkNotHostClass(name, name);
                byte[] content = readBounded(zip, maxUnpackedBytes - unpacked);
                unpacked += content.length;
                if (name.startsWith("lib/") && name.endsWith(".jar")) {
                    checkLibrary(name, content);
                }
                if (name.equals(DESCRIPTOR)) {
                    descriptor = new Properties();
                    descriptor.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
                }
            }
        } catch (ZipException e) {
            throw invalid("plugin.archive_not_zip", "The upload is not a valid zip archive: " + e.getMessage());
        } catch (IOException e) {
            throw invalid("plugin.archive_unreadable", "The archive could not be read: " + e.getMessage());
        }
        if (entries == 0) {
            throw invalid("plugin.archive_not_zip", "The upload is not a zip archive, or it is empty.");
        }
        if (descriptor == null) {
            throw invalid("plugin.descriptor_missing", "The archive has no " + DESCRIPTOR + " at its top level.");
        }
        return fromDescriptor(descriptor, names, bytes);
    }

    private PluginArchive fromDescriptor(Properties descriptor, Set<String> names, byte[] bytes) {
        String id = required(descriptor, "plugin.id");
        if (!PLUGIN_ID.matcher(id).matches()) {
            throw invalid("plugin.descriptor_invalid",
                    "plugin.id '" + id + "' must be 2 to 40 lower-case letters, digits or dashes, starting with a letter.");
        }
        String version = required(descriptor, "plugin.version");
        if (!VERSION.matcher(version).matches()) {
            throw invalid("plugin.descriptor_invalid", "plugin.version '" + version + "' is not a semantic version.");
        }
        String pluginClass = required(descriptor, "plugin.class");
        if (!CLASS_NAME.matcher(pluginClass).matches()) {
            throw invalid("plugin.descriptor_invalid", "plugin.class '" + pluginClass + "' is not a class name.");
        }
        boolean hasClasses = names.stream().anyMatch(n -> n.startsWith("classes/") || n.startsWith("lib/"));
        if (!hasClasses) {
            throw invalid("plugin.archive_no_code", "The archive has neither classes/ nor lib/.");
        }
        String requires = descriptor.getProperty("plugin.requires", "").trim();
        List<PluginArchive.Dependency> dependencies = parseDependencies(descriptor.getProperty("plugin.dependencies", ""));
        String description = descriptor.getProperty("plugin.description", "").trim();
        return new PluginArchive(id, version, pluginClass, requires, dependencies, description, bytes, sha256(bytes));
    }

    static List<PluginArchive.Dependency> parseDependencies(String text) {
        List<PluginArchive.Dependency> dependencies = new ArrayList<>();
        for (String part : text.split(",")) {
            String spec = part.trim();
            if (spec.isEmpty()) {
                continue;
            }
            if (spec.endsWith("?")) {
                throw invalid("plugin.descriptor_invalid", "Optional dependencies are not supported: " + spec);
            }
            int at = spec.indexOf('@');
            String dependencyId = at < 0 ? spec : spec.substring(0, at).trim();
            String range = at < 0 ? "*" : spec.substring(at + 1).trim();
            if (!PLUGIN_ID.matcher(dependencyId).matches() || range.isEmpty()) {
                throw invalid("plugin.descriptor_invalid", "plugin.dependencies entry '" + spec + "' is not id or id@range.");
            }
            dependencies.add(new PluginArchive.Dependency(dependencyId, range));
        }
        return dependencies;
    }

    private static void checkEntryName(String name) {
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || name.indexOf('\0') >= 0;
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                unsafe = true;
            }
        }
        if (unsafe) {
            throw invalid("plugin.archive_unsafe_entry", "The archive entry '" + printable(name)
                    + "' could be written outside the plugin's directory.");
        }
    }

    /** Refuses a class of the host's packages, either under classes/ or inside a jar of lib/. */
    private static void checkNotHostClass(String classPath, String shownAs) {
        String path = classPath.startsWith("classes/") ? classPath.substring("classes/".length()) : classPath;
        for (String hostPackage : HOST_PACKAGES) {
            if (path.startsWith(hostPackage)) {
                throw invalid("plugin.archive_bundles_host_classes", "The archive contains '" + shownAs
                        + "': the SDK, PF4J and SLF4J come from the host and must be provided-scope dependencies.");
            }
        }
    }

    private static void checkLibrary(String jarName, byte[] jar) {
        try (ZipInputStream nested = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = nested.getNextEntry()) != null) {
                checkNotHostClass(entry.getName(), jarName + "!/" + entry.getName());
            }
        } catch (IOException e) {
            throw invalid("plugin.archive_unreadable", "The library " + jarName + " is not a readable jar.");
        }
    }

    private byte[] readBounded(InputStream in, long remaining) throws IOException {
        long limit = Math.min(Integer.MAX_VALUE - 8L, Math.max(0L, remaining));
        byte[] content = in.readNBytes((int) limit + 1);
        if (content.length > remaining) {
            throw invalid("plugin.archive_too_large", "The archive unpacks to more than " + maxUnpackedBytes + " bytes.");
        }
        return content;
    }

    private static String required(Properties descriptor, String key) {
        String value = descriptor.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw invalid("plugin.descriptor_invalid", "The descriptor has no " + key + ".");
        }
        return value;
    }

    private static String printable(String name) {
        return name.replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid(String code, String detail) {
        return ApiException.badRequest(code, detail);
    }
}
