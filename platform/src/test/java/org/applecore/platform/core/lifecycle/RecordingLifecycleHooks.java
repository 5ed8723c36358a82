package org.applecore.platform.core.lifecycle;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lifecycle hooks for tests, only in hosts started with {@code applecore.test.recording-hooks=true}: records
 * every event and, when armed, refuses one lifecycle as an action would, to check that the core rolls back.
 * Primary over the actions' hooks ({@code core.action.ActionRunner}) there.
 */
@Singleton
@Primary
@Requires(property = "applecore.test.recording-hooks", value = "true")
public class RecordingLifecycleHooks implements LifecycleHooks {

    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    private volatile TokenLifecycle refuse;

    @Override
    public void fire(Connection connection, LifecycleEvent event) {
        events.add(event);
        if (event.lifecycle() == refuse) {
            throw ApiException.conflict("test.hook_refused", "A test hook refused " + event.lifecycle() + ".");
        }
    }

    public List<LifecycleEvent> events() {
        return List.copyOf(events);
    }

    public void clear() {
        events.clear();
        refuse = null;
    }

    public void refuse(TokenLifecycle lifecycle) {
        this.refuse = lifecycle;
    }
}
