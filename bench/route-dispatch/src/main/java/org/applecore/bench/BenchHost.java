package org.applecore.bench;

import org.applecore.platform.Application;

/**
 * The platform host, unchanged, with this module's {@link HostBoardsController} on its class path (Micronaut
 * finds the controller through the bean definitions its annotation processor generated). Like the platform,
 * it starts the embedded PostgreSQL under {@code APPLECORE_DATA_DIR} when no datasource URL is configured.
 */
public final class BenchHost {

    private BenchHost() {
    }

    public static void main(String[] args) {
        Application.main(args);
    }
}
