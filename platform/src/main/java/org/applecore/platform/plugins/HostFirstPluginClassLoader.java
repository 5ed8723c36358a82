package org.applecore.platform.plugins;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

import java.util.List;

/**
 * PF4J's plugin-first class loader, except for the packages the host shares with plugins: the SDK and
 * SLF4J always come from the host, so that a plugin that wrongly bundles them still sees the host's
 * types (a second copy would make every SDK call fail with a ClassCastException). PF4J itself already
 * delegates {@code java.*} and {@code org.pf4j.*}.
 */
final class HostFirstPluginClassLoader extends PluginClassLoader {

    private static final List<String> HOST_PACKAGES = List.of("org.applecore.sdk.", "org.slf4j.");

    HostFirstPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, ClassLoader parent) {
        super(pluginManager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        for (String hostPackage : HOST_PACKAGES) {
            if (className.startsWith(hostPackage)) {
                return getParent().loadClass(className);
            }
        }
        return super.loadClass(className);
    }
}
