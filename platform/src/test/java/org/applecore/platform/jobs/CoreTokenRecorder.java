package org.applecore.platform.jobs;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only: records the core bearer tokens that reach {@code /core} on hosts started with
 * {@code applecore.test.record-core-tokens=true}, so that a test can capture a job's token and try it later.
 */
@ServerFilter("/core/**")
@Requires(property = "applecore.test.record-core-tokens", value = "true")
public class CoreTokenRecorder {

    public static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @RequestFilter
    public void record(HttpRequest<?> request) {
        request.getHeaders().getAuthorization().ifPresent(value -> {
            if (value.startsWith("Bearer ac_")) {
                SEEN.add(value.substring("Bearer ".length()));
            }
        });
    }
}
