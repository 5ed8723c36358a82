package org.applecore.testplugins;

import org.applecore.sdk.ApplecorePlugin;
import org.applecore.sdk.PluginContext;
import org.applecore.sdk.http.RouteAccess;
import org.applecore.sdk.http.PluginResponse;
import org.pf4j.Extension;

/** A plugin whose start fails after registering a route: the host must keep none of it. */
@Extension
public class ExplodingPlugin implements ApplecorePlugin {

    @Override
    public void start(PluginContext context) {
        context.routes().get("/ping", RouteAccess.publicAccess(), request -> PluginResponse.ok("pong"));
        throw new IllegalStateException("exploding plugin refuses to start");
    }
}
