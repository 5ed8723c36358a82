package org.applecore.plugins.boards;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.pf4j.Extension;

@Extension
public class BoardsPlugin implements ApplecorePlugin {
    @Override
    public void start(PluginContext context) {
    }
}
