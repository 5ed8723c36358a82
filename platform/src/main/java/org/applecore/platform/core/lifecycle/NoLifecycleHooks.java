package org.applecore.platform.core.lifecycle;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.sql.Connection;

/** The hooks until actions exist: lifecycle events change nothing. */
@Singleton
@Secondary
public class NoLifecycleHooks implements LifecycleHooks {

    @Override
    public void fire(Connection connection, LifecycleEvent event) {
    }
}
