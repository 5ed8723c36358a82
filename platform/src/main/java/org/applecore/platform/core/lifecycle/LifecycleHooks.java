package org.applecore.platform.core.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Called by the core inside the transaction of every token lifecycle event. Actions (issue 5) plug in
 * here; until then the hooks do nothing. A hook that throws rolls the whole operation back.
 */
public interface LifecycleHooks {

    void fire(Connection connection, LifecycleEvent event) throws SQLException;
}
