import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.applecore.platform.Application;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.access.CoreCallers;
import org.applecore.platform.core.action.ActionService;
import org.applecore.platform.core.action.PluginActionTypes;
import org.applecore.platform.core.bounds.GeoJson;
import org.applecore.platform.core.bounds.MapBound;
import org.applecore.platform.core.bounds.PreparedBounds;
import org.applecore.platform.core.setop.SetOperation;
import org.applecore.platform.core.setop.SetOperations;
import org.applecore.platform.database.Database;
import org.applecore.platform.database.EmbeddedDatabase;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Actions bench, in one process: a host's services on an embedded PostgreSQL. Measures set additions per
 * second (one-token `remove` operations bouncing a token between two sets, each firing TOKEN_SET_ADDITION)
 * with no action, with a trivial per-token JavaScript action, and with a trivial Java action type; then
 * point-in-bounds checks per second against 1,000 polygons. Run by run.sh.
 */
public final class ActionsBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WORKERS = Integer.getInteger("workers", 8);
    private static final int SECONDS = Integer.getInteger("seconds", 10);

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("applecore-actions-bench");
        EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("postgres"));
        Map<String, Object> properties = new HashMap<>(Application.embeddedDatasource(postgres, "postgres"));
        properties.put("micronaut.server.port", -1);
        properties.put("applecore.data-dir", work.resolve("data").toString());
        properties.put("applecore.plugins-dir", Files.createDirectories(work.resolve("plugins")).toString());
        properties.put("applecore.admin.username", "bench");
        properties.put("applecore.admin.password", "bench-" + UUID.randomUUID());
        properties.put("datasources.default.maximum-pool-size", WORKERS + 4);
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            Database database = context.getBean(Database.class);
            awaitSchema(database);
            long user = database.inTransaction(c -> queryLong(c, "SELECT id FROM platform.account WHERE username = 'bench'"));
            CoreCaller caller = database.inTransaction(c -> context.getBean(CoreCallers.class).forUser(c, user));
            SetOperations operations = context.getBean(SetOperations.class);
            ActionService actions = context.getBean(ActionService.class);
            context.getBean(PluginActionTypes.class).offer("bench", Map.of("noop", input -> "{}"),
                    ActionsBench.class.getClassLoader());
            long created = database.inTransaction(c -> queryLong(c, "SELECT id FROM core.attribute WHERE system AND name = 'created'"));

            System.out.printf("set additions/s, %d workers x %d s, one token per operation (each fires TOKEN_SET_ADDITION):%n",
                    WORKERS, SECONDS);
            double none = additions(database, operations, caller, scenarioType(database, user, "none"));
            report("no action", none, none);
            long jsType = scenarioType(database, user, "js");
            database.inTransaction(c -> {
                long id = actions.create(c, caller, JSON.valueToTree(Map.of("name", "bench-js", "target_attribute_id", created,
                        "lifecycles", List.of("token_set_addition"), "script", Map.of("source", "(input) => ({})"))))
                        .definition().id();
                return actions.apply(c, caller, id, jsType);
            });
            report("trivial JavaScript action", additions(database, operations, caller, jsType), none);
            long javaType = scenarioType(database, user, "java");
            database.inTransaction(c -> {
                long id = actions.create(c, caller, JSON.valueToTree(Map.of("name", "bench-java", "target_attribute_id", created,
                        "lifecycles", List.of("token_set_addition"), "script", Map.of("action_type", "bench:noop"))))
                        .definition().id();
                return actions.apply(c, caller, id, javaType);
            });
            report("trivial Java action type", additions(database, operations, caller, javaType), none);

            pointInBounds(context.getBean(PreparedBounds.class));
        } finally {
            postgres.close();
        }
    }

    private static void report(String what, double perSecond, double baseline) {
        System.out.printf("  %-28s %9.0f /s   (%.2fx of no action)%n", what, perSecond, perSecond / baseline);
    }

    private static long scenarioType(Database database, long user, String name) {
        return database.inTransaction(c -> queryLong(c,
                "INSERT INTO core.token_type (owner_id, name) VALUES (?, ?) RETURNING id", user, "bench-" + name));
    }

    /** Each worker bounces its own token between its own two sets; returns operations per second. */
    private static double additions(Database database, SetOperations operations, CoreCaller caller, long type)
            throws Exception {
        long[][] sets = new long[WORKERS][2];
        for (int w = 0; w < WORKERS; w++) {
            long[] pair = sets[w];
            database.inTransaction(c -> {
                pair[0] = queryLong(c, "INSERT INTO core.token_set (owner_id, member_count) VALUES (?, 1) RETURNING id",
                        caller.userId());
                pair[1] = queryLong(c, "INSERT INTO core.token_set (owner_id) VALUES (?) RETURNING id", caller.userId());
                long token = queryLong(c, "INSERT INTO core.token (type_id, owner_id) VALUES (?, ?) RETURNING id", type,
                        caller.userId());
                queryLong(c, "INSERT INTO core.token_set_member (set_id, token_id) VALUES (?, ?) RETURNING set_id", pair[0], token);
                return null;
            });
        }
        // Warm-up, then the measured window.
        run(database, operations, caller, sets, 3);
        return run(database, operations, caller, sets, SECONDS);
    }

    private static double run(Database database, SetOperations operations, CoreCaller caller, long[][] sets, int seconds)
            throws Exception {
        AtomicLong done = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(WORKERS);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long[] pair = sets[w];
            Thread.ofPlatform().start(() -> {
                try {
                    boolean forth = true;
                    while (System.nanoTime() < end) {
                        long from = forth ? pair[0] : pair[1];
                        long to = forth ? pair[1] : pair[0];
                        operations.runInTransaction(database, caller, SetOperation.parse(JSON.valueToTree(
                                Map.of("operation", "remove", "source_set", from, "destination_set", to))));
                        forth = !forth;
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.getFirst());
        }
        return done.get() / (double) seconds;
    }

    private static void pointInBounds(PreparedBounds prepared) {
        Random random = new Random(42);
        List<MapBound> bounds = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // A random 12-gon of radius 0.05..0.5 degrees in a 20 x 20 degree region.
            double lon = random.nextDouble() * 20, lat = 40 + random.nextDouble() * 20, radius = 0.05 + random.nextDouble() * 0.45;
            Coordinate[] ring = new Coordinate[13];
            for (int k = 0; k < 12; k++) {
                double angle = 2 * Math.PI * k / 12;
                double r = radius * (0.7 + 0.3 * random.nextDouble());
                ring[k] = new Coordinate(lon + r * Math.cos(angle), lat + r * Math.sin(angle));
            }
            ring[12] = ring[0];
            Polygon polygon = GeoJson.GEOMETRY.createPolygon(ring);
            bounds.add(new MapBound(i + 1, UUID.randomUUID(), 1, "b" + i,
                    GeoJson.GEOMETRY.createMultiPolygon(new Polygon[] {polygon}), 1, List.of()));
        }
        PreparedBounds.Index index = prepared.index(bounds);
        double[][] points = new double[100_000][2];
        for (double[] point : points) {
            point[0] = random.nextDouble() * 20;
            point[1] = 40 + random.nextDouble() * 20;
        }
        long hits = 0;
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            hits = 0;
            for (double[] point : points) {
                hits += index.containing(point[0], point[1]).size();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (round == 1) {
                System.out.printf("point-in-bounds against 1,000 polygons (STRtree + cached prepared geometries, one thread): "
                        + "%.0f points/s (%d hits in %d points)%n", points.length / seconds, hits, points.length);
            }
        }
        long started = System.nanoTime();
        int sample = 2_000;
        for (int p = 0; p < sample; p++) {
            for (MapBound bound : bounds) {
                prepared.contains(bound, points[p][0], points[p][1]);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("point-in-bound checks, each bound's cached prepared geometry one by one: %.0f checks/s "
                + "(%.0f points/s against all 1,000)%n", sample * 1_000 / seconds, sample / seconds);
    }

    private static void awaitSchema(Database database) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                database.inTransaction(c -> queryLong(c, "SELECT count(*) FROM core.action"));
                database.inTransaction(c -> queryLong(c, "SELECT id FROM platform.account WHERE username = 'bench'"));
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the schema did not appear");
    }

    private static long queryLong(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no row: " + sql);
                }
                return row.getLong(1);
            }
        }
    }
}
