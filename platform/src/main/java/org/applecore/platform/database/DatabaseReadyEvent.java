package org.applecore.platform.database;

/**
 * Published once the platform's schema is migrated. Anything that needs its tables at start (the
 * operator account, the plugin manager) listens for it instead of the startup event, because the host
 * starts even while the database is down and migrates when it comes back.
 */
public record DatabaseReadyEvent() {
}
