package org.applecore.platform.jobs;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A host in a process of its own, for tests that kill a worker: {@code java -cp <test class path>
 * org.applecore.platform.jobs.JobHostProcess <properties file>} starts a host with those properties and runs
 * until killed.
 */
public final class JobHostProcess {

    private JobHostProcess() {
    }

    public static void main(String[] args) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>();
        file.forEach((key, value) -> properties.put((String) key, value));
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        System.out.println("JOB HOST READY on port " + server.getPort());
    }
}
