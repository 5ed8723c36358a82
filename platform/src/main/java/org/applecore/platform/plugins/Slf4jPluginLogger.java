package org.applecore.platform.plugins;

import org.applecore.sdk.PluginLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes a plugin's log lines to the host's logging under the logger name {@code plugin.<pluginId>}. */
final class Slf4jPluginLogger implements PluginLogger {

    private final Logger logger;

    Slf4jPluginLogger(String pluginId) {
        this.logger = LoggerFactory.getLogger("plugin." + pluginId);
    }

    @Override
    public void debug(String message, Object... arguments) {
        logger.debug(message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        logger.info(message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        logger.warn(message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        logger.error(message, arguments);
    }
}
