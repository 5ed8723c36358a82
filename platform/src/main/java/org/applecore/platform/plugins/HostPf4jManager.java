package org.applecore.platform.plugins;

import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginStatusProvider;

import java.nio.file.Path;

/**
 * PF4J configured for the host: plugins are loaded one by one from directories the host extracted
 * (never by scanning), the operator's choice lives in the database rather than PF4J's enabled.txt, class
 * loading shares the SDK with the host, and the descriptor's {@code plugin.class} names the plugin's
 * {@link org.applecore.sdk.ApplecorePlugin} extension, so PF4J's own Plugin object is a plain one.
 */
final class HostPf4jManager extends DefaultPluginManager {

    HostPf4jManager(Path workDirectory, String platformVersion) {
        super(workDirectory);
        setSystemVersion(platformVersion);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new DefaultPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new HostFirstPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return wrapper -> new Plugin() {
        };
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
            }

            @Override
            public void enablePlugin(String pluginId) {
            }
        };
    }
}
