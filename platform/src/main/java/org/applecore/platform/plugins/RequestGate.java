package org.applecore.platform.plugins;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one started plugin's requests in flight, so that stopping the plugin can let them finish first: once
 * closed, no request enters, and {@link #closeAndDrain} waits for those inside. Without it a disable could pull
 * the plugin's storage and class loader from under a handler still running.
 */
final class RequestGate {

    private static final int CLOSED = 1 << 30;

    private final AtomicInteger state = new AtomicInteger();  // requests inside, plus CLOSED once closed

    /** Lets a request in; false once the gate is closed (the plugin is stopping). */
    boolean enter() {
        while (true) {
            int current = state.get();
            if ((current & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A request that entered has ended. */
    void exit() {
        state.decrementAndGet();
    }

    /**
     * Closes the gate and waits until every request inside has ended, at most {@code timeout}.
     *
     * @return the number of requests still inside when the wait ended (0: drained)
     */
    int closeAndDrain(Duration timeout) {
        state.getAndUpdate(current -> current | CLOSED);
        long deadline = System.nanoTime() + timeout.toNanos();
        int inside;
        while ((inside = state.get() & ~CLOSED) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return inside;
    }
}
