package org.applecore.platform.core.bounds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.applecore.platform.core.access.CoreCaller;
import org.applecore.platform.core.attribute.Attribute;
import org.applecore.platform.core.attribute.AttributeBoundLinks;
import org.applecore.platform.core.attribute.JsonRequest;
import org.applecore.platform.core.attribute.ValueType;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.core.tokentype.TokenTypes;
import org.applecore.platform.problem.ApiException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Map and time bounds: create, read, change, delete, their use on attributes, and the checks that say whether
 * an attribute's bounds hold for a location and an instant. Bounds are readable by any core caller (they are
 * schema, as attribute definitions are); only their owner or a full admin changes, deletes or attaches one.
 * Every method runs in the caller's transaction.
 */
@Singleton
public class BoundsService implements AttributeBoundLinks {

    static final int MAX_NAME = 100;
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MAP_FIELDS = Set.of("name", "geometry");
    private static final Set<String> TIME_FIELDS = Set.of("name", "start", "stop", "cron", "period_length", "time_zone");
    private static final String MAP_COLUMNS = "id, guid, owner_id, name, geometry::text AS geometry, version, "
            + "ARRAY(SELECT l.attribute_id FROM core.attribute_map_bound l WHERE l.bound_id = map_bound.id ORDER BY 1) AS uses";
    private static final String TIME_COLUMNS = "id, guid, owner_id, name, start_at, stop_at, cron, period_length_seconds, "
            + "time_zone, ARRAY(SELECT l.attribute_id FROM core.attribute_time_bound l WHERE l.bound_id = time_bound.id "
            + "ORDER BY 1) AS uses";

    private final PreparedBounds prepared;
    private final TokenTypes tokenTypes;

    public BoundsService(PreparedBounds prepared, TokenTypes tokenTypes) {
        this.prepared = prepared;
        this.tokenTypes = tokenTypes;
    }

    // ---- map bounds

    public MapBound createMap(Connection connection, CoreCaller caller, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, MAP_FIELDS, "A map bound");
        String name = JsonRequest.name(body, "name", MAX_NAME);
        MultiPolygon polygons = GeoJson.readPolygons(body.get("geometry"));
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.map_bound (owner_id, name, geometry) "
                + "VALUES (?, ?, ?::jsonb) ON CONFLICT (name) DO NOTHING RETURNING id")) {
            statement.setLong(1, caller.userId());
            statement.setString(2, name);
            statement.setString(3, GeoJson.write(polygons).toString());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw nameTaken("map", name);
                }
                return requireMap(connection, row.getLong(1));
            }
        }
    }

    public MapBound requireMap(Connection connection, long id) throws SQLException {
        List<MapBound> found = maps(connection, "id = ?", false, id);
        if (found.isEmpty()) {
            throw ApiException.notFound("core.map_bound_not_found", "Map bound " + id + " does not exist.");
        }
        return found.getFirst();
    }

    public IdCursor.Page<MapBound> listMaps(Connection connection, CoreCaller caller, int limit, long afterId) throws SQLException {
        return IdCursor.page(maps(connection, "owner_id = ? AND id > ? ORDER BY id LIMIT " + (limit + 1), false, caller.userId(), afterId),
                limit, MapBound::id);
    }

    public MapBound updateMap(Connection connection, CoreCaller caller, long id, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, MAP_FIELDS, "A map bound");
        MapBound existing = lockMap(connection, caller, id);
        String name = body.has("name") ? JsonRequest.name(body, "name", MAX_NAME) : existing.name();
        MultiPolygon polygons = body.has("geometry") ? GeoJson.readPolygons(body.get("geometry")) : existing.polygons();
        try (PreparedStatement statement = connection.prepareStatement("UPDATE core.map_bound SET name = ?, "
                + "geometry = ?::jsonb, version = version + 1, updated_at = now() WHERE id = ?")) {
            statement.setString(1, name);
            statement.setString(2, GeoJson.write(polygons).toString());
            statement.setLong(3, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw nameTaken("map", name);
            }
            throw e;
        }
        return requireMap(connection, id);
    }

    public void deleteMap(Connection connection, CoreCaller caller, long id) throws SQLException {
        MapBound existing = lockMap(connection, caller, id);
        delete(connection, "map", id, existing.attributeIds(), "DELETE FROM core.map_bound WHERE id = ?");
    }

    // ---- time bounds

    public TimeBound createTime(Connection connection, CoreCaller caller, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, TIME_FIELDS, "A time bound");
        TimeBound bound = timeDefinition(body, null);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO core.time_bound (owner_id, name, "
                + "start_at, stop_at, cron, period_length_seconds, time_zone) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (name) DO NOTHING RETURNING id")) {
            statement.setLong(1, caller.userId());
            bindTime(statement, 2, bound);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw nameTaken("time", bound.name());
                }
                return requireTime(connection, row.getLong(1));
            }
        }
    }

    public TimeBound requireTime(Connection connection, long id) throws SQLException {
        List<TimeBound> found = times(connection, "id = ?", false, id);
        if (found.isEmpty()) {
            throw ApiException.notFound("core.time_bound_not_found", "Time bound " + id + " does not exist.");
        }
        return found.getFirst();
    }

    public IdCursor.Page<TimeBound> listTimes(Connection connection, CoreCaller caller, int limit, long afterId) throws SQLException {
        return IdCursor.page(times(connection, "owner_id = ? AND id > ? ORDER BY id LIMIT " + (limit + 1), false, caller.userId(), afterId), limit,
                TimeBound::id);
    }

    public TimeBound updateTime(Connection connection, CoreCaller caller, long id, JsonNode body) throws SQLException {
        JsonRequest.object(body, "The body");
        JsonRequest.allowOnly(body, TIME_FIELDS, "A time bound");
        TimeBound existing = lockTime(connection, caller, id);
        TimeBound bound = timeDefinition(body, existing);
        try (PreparedStatement statement = connection.prepareStatement("UPDATE core.time_bound SET name = ?, start_at = ?, "
                + "stop_at = ?, cron = ?, period_length_seconds = ?, time_zone = ?, updated_at = now() WHERE id = ?")) {
            int next = bindTime(statement, 1, bound);
            statement.setLong(next, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw nameTaken("time", bound.name());
            }
            throw e;
        }
        return requireTime(connection, id);
    }

    public void deleteTime(Connection connection, CoreCaller caller, long id) throws SQLException {
        TimeBound existing = lockTime(connection, caller, id);
        delete(connection, "time", id, existing.attributeIds(), "DELETE FROM core.time_bound WHERE id = ?");
    }

    // ---- use on attributes

    @Override
    public void replace(Connection connection, CoreCaller caller, long attributeId, List<Long> mapIds, List<Long> timeIds)
            throws SQLException {
        checkUsable(connection, caller, "map", mapIds);
        checkUsable(connection, caller, "time", timeIds);
        relink(connection, "core.attribute_map_bound", "attribute_id", attributeId, mapIds);
        relink(connection, "core.attribute_time_bound", "attribute_id", attributeId, timeIds);
    }

    @Override
    public Links of(Connection connection, long attributeId) throws SQLException {
        return new Links(linked(connection, "core.attribute_map_bound", attributeId),
                linked(connection, "core.attribute_time_bound", attributeId));
    }

    /** The map bounds used on these attributes, each once, by id. */
    public List<MapBound> mapBoundsOf(Connection connection, List<Long> attributeIds) throws SQLException {
        if (attributeIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + MAP_COLUMNS + " FROM core.map_bound "
                + "WHERE id IN (SELECT bound_id FROM core.attribute_map_bound WHERE attribute_id = ANY (?)) ORDER BY id")) {
            statement.setArray(1, connection.createArrayOf("bigint", attributeIds.toArray()));
            return readMaps(statement);
        }
    }

    public List<TimeBound> timeBoundsOf(Connection connection, List<Long> attributeIds) throws SQLException {
        if (attributeIds.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + TIME_COLUMNS + " FROM core.time_bound "
                + "WHERE id IN (SELECT bound_id FROM core.attribute_time_bound WHERE attribute_id = ANY (?)) ORDER BY id")) {
            statement.setArray(1, connection.createArrayOf("bigint", attributeIds.toArray()));
            List<TimeBound> bounds = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    bounds.add(readTime(row));
                }
            }
            return bounds;
        }
    }

    /**
     * A token type's total map bounds: the union of the map bounds of its effective attributes, leaving out
     * script ({@code action}) attributes (seed 003). Empty when none of them has map bounds.
     */
    public Geometry totalMapBounds(Connection connection, long typeId) throws SQLException {
        List<Long> attributeIds = new ArrayList<>();
        for (Attribute attribute : tokenTypes.effectiveAttributes(connection, typeId)) {
            if (attribute.valueType() != ValueType.ACTION) {
                attributeIds.add(attribute.id());
            }
        }
        return PreparedBounds.union(mapBoundsOf(connection, attributeIds));
    }

    /**
     * Whether an attribute's bounds hold: its map bounds (any of them) at the location, and its time bounds
     * (any of them) at the instant. An attribute without bounds of a kind is not limited by that kind; with
     * map bounds and no location, they do not hold.
     *
     * @param location the token's location, or null when it has none
     */
    public boolean holds(Connection connection, long attributeId, Location location, Instant at) throws SQLException {
        return new Judgement(mapBoundsOf(connection, List.of(attributeId)), timeBoundsOf(connection, List.of(attributeId)))
                .holds(prepared, location, at);
    }

    /** The bounds of one attribute, loaded once and judged as often as needed. */
    public Judgement judgement(Connection connection, long attributeId) throws SQLException {
        return new Judgement(mapBoundsOf(connection, List.of(attributeId)), timeBoundsOf(connection, List.of(attributeId)));
    }

    /** @throws ApiException 404 {@code core.token_not_found} */
    public long typeOfToken(Connection connection, long tokenId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT type_id FROM core.token WHERE id = ?")) {
            statement.setLong(1, tokenId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("core.token_not_found", "Token " + tokenId + " does not exist.");
                }
                return row.getLong(1);
            }
        }
    }

    public TokenTypes tokenTypes() {
        return tokenTypes;
    }

    public PreparedBounds prepared() {
        return prepared;
    }

    /** A longitude/latitude pair, as held by location attributes ({@code {"lat", "lon"}}). */
    public record Location(double lon, double lat) {

        /** The location held by a location attribute value, or null for null or a malformed value. */
        public static Location of(JsonNode value) {
            if (value == null || !value.path("lat").isNumber() || !value.path("lon").isNumber()) {
                return null;
            }
            return new Location(value.get("lon").doubleValue(), value.get("lat").doubleValue());
        }
    }

    public record Judgement(List<MapBound> maps, List<TimeBound> times) {

        public boolean hasMapBounds() {
            return !maps.isEmpty();
        }

        public boolean hasBounds() {
            return !maps.isEmpty() || !times.isEmpty();
        }

        /** Whether the location is inside the map bounds (true when there are none). */
        public boolean inArea(PreparedBounds prepared, Location location) {
            if (maps.isEmpty()) {
                return true;
            }
            if (location == null) {
                return false;
            }
            for (MapBound map : maps) {
                if (prepared.contains(map, location.lon(), location.lat())) {
                    return true;
                }
            }
            return false;
        }

        public boolean inTime(Instant at) {
            if (times.isEmpty()) {
                return true;
            }
            for (TimeBound time : times) {
                if (time.activeAt(at)) {
                    return true;
                }
            }
            return false;
        }

        public boolean holds(PreparedBounds prepared, Location location, Instant at) {
            return inTime(at) && inArea(prepared, location);
        }
    }

    // ---- internals

    void checkUsable(Connection connection, CoreCaller caller, String kind, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Map<Long, Long> owners = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, owner_id FROM core." + kind
                + "_bound WHERE id = ANY (?) FOR SHARE")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    owners.put(row.getLong(1), row.getLong(2));
                }
            }
        }
        for (Long id : ids) {
            Long owner = owners.get(id);
            if (owner == null) {
                throw ApiException.badRequest("core.unknown_" + kind + "_bound", "bounds." + kind + ": " + kind
                        + " bound " + id + " does not exist.");
            }
            if (!caller.fullAdmin() && owner != caller.userId()) {
                throw ApiException.forbidden("core.bound_not_usable", "bounds." + kind + ": " + kind + " bound " + id
                        + " belongs to another user; only its owner may put it on attributes.");
            }
        }
    }

    /** Makes {@code ids} the bounds linked to the owner row (an attribute or a group) in the link table. */
    static void relink(Connection connection, String table, String ownerColumn, long ownerId, List<Long> ids)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE " + ownerColumn + " = ?")) {
            statement.setLong(1, ownerId);
            statement.executeUpdate();
        }
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (" + ownerColumn
                + ", bound_id) SELECT ?, unnest(?::bigint[])")) {
            statement.setLong(1, ownerId);
            statement.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        }
    }

    private static List<Long> linked(Connection connection, String table, long attributeId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT bound_id FROM " + table
                + " WHERE attribute_id = ? ORDER BY bound_id")) {
            statement.setLong(1, attributeId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void delete(Connection connection, String kind, long id, List<Long> uses, String sql) throws SQLException {
        if (!uses.isEmpty()) {
            throw ApiException.conflict("core.bound_in_use", "The " + kind + " bound " + id + " is used on attributes "
                    + uses + "; take it off them first.");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw ApiException.conflict("core.bound_in_use", "The " + kind + " bound " + id + " came into use meanwhile.");
            }
            throw e;
        }
    }

    private MapBound lockMap(Connection connection, CoreCaller caller, long id) throws SQLException {
        List<MapBound> found = maps(connection, "id = ?", true, id);
        if (found.isEmpty()) {
            throw ApiException.notFound("core.map_bound_not_found", "Map bound " + id + " does not exist.");
        }
        checkOwner(caller, found.getFirst().ownerId(), "map", id);
        return found.getFirst();
    }

    private TimeBound lockTime(Connection connection, CoreCaller caller, long id) throws SQLException {
        List<TimeBound> found = times(connection, "id = ?", true, id);
        if (found.isEmpty()) {
            throw ApiException.notFound("core.time_bound_not_found", "Time bound " + id + " does not exist.");
        }
        checkOwner(caller, found.getFirst().ownerId(), "time", id);
        return found.getFirst();
    }

    private static void checkOwner(CoreCaller caller, long ownerId, String kind, long id) {
        if (!caller.fullAdmin() && ownerId != caller.userId()) {
            throw ApiException.forbidden("core.not_owner", "Only the owner of " + kind + " bound " + id + " may change it.");
        }
    }

    private List<MapBound> maps(Connection connection, String condition, boolean lock, long... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + MAP_COLUMNS + " FROM core.map_bound WHERE "
                + condition + (lock ? " FOR UPDATE" : ""))) {
            bind(statement, parameters);
            return readMaps(statement);
        }
    }

    /** Every map bound, for indexes and benchmarks. */
    public List<MapBound> allMaps(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + MAP_COLUMNS + " FROM core.map_bound ORDER BY id")) {
            return readMaps(statement);
        }
    }

    private List<MapBound> readMaps(PreparedStatement statement) throws SQLException {
        List<MapBound> bounds = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                long id = row.getLong("id");
                long version = row.getLong("version");
                MultiPolygon polygons = prepared.cachedPolygons(id, version);
                if (polygons == null) {
                    polygons = GeoJson.readPolygons(json(row.getString("geometry")));
                }
                bounds.add(new MapBound(id, row.getObject("guid", UUID.class), row.getLong("owner_id"), row.getString("name"),
                        polygons, version, longs(row.getArray("uses"))));
            }
        }
        return bounds;
    }

    private List<TimeBound> times(Connection connection, String condition, boolean lock, long... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + TIME_COLUMNS + " FROM core.time_bound WHERE "
                + condition + (lock ? " FOR UPDATE" : ""))) {
            bind(statement, parameters);
            List<TimeBound> bounds = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    bounds.add(readTime(row));
                }
            }
            return bounds;
        }
    }

    private static void bind(PreparedStatement statement, long... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setLong(i + 1, parameters[i]);
        }
    }

    private static TimeBound readTime(ResultSet row) throws SQLException {
        String cron = row.getString("cron");
        long period = row.getLong("period_length_seconds");
        boolean hasPeriod = !row.wasNull();
        return new TimeBound(row.getLong("id"), row.getObject("guid", UUID.class), row.getLong("owner_id"),
                row.getString("name"), row.getTimestamp("start_at").toInstant(), row.getTimestamp("stop_at").toInstant(),
                cron == null ? null : CronSchedule.parse(cron), hasPeriod ? Duration.ofSeconds(period) : null,
                ZoneId.of(row.getString("time_zone")), longs(row.getArray("uses")));
    }

    private static TimeBound timeDefinition(JsonNode body, TimeBound existing) {
        String name = body.has("name") || existing == null ? JsonRequest.name(body, "name", MAX_NAME) : existing.name();
        Instant start = body.has("start") || existing == null ? instant(body, "start") : existing.start();
        Instant stop = body.has("stop") || existing == null ? instant(body, "stop") : existing.stop();
        if (stop.isBefore(start)) {
            throw ApiException.badRequest("core.invalid_time_bound", "stop must not be before start.");
        }
        CronSchedule cron = existing == null ? null : existing.cron();
        if (body.has("cron")) {
            JsonNode node = body.get("cron");
            if (!node.isNull() && !node.isTextual()) {
                throw JsonRequest.invalid("cron must be a crontab string or null.");
            }
            cron = node.isNull() || node.textValue().isBlank() ? null : CronSchedule.parse(node.textValue());
        }
        Duration period = existing == null ? null : existing.periodLength();
        if (body.has("period_length")) {
            period = period(body.get("period_length"));
        }
        if (cron == null) {
            if (body.has("period_length") && period != null) {
                throw ApiException.badRequest("core.invalid_time_bound", "period_length is only used with a cron.");
            }
            period = null;
        } else if (period == null) {
            throw ApiException.badRequest("core.invalid_time_bound", "period_length is required with a cron: how long "
                    + "the bound holds after each fire time, as an ISO-8601 duration such as PT1H.");
        }
        ZoneId zone = existing == null ? ZoneId.of("UTC") : existing.zone();
        if (body.has("time_zone")) {
            JsonNode node = body.get("time_zone");
            try {
                zone = node.isNull() ? ZoneId.of("UTC") : ZoneId.of(node.asText());
            } catch (java.time.DateTimeException e) {
                throw ApiException.badRequest("core.invalid_time_bound", "time_zone must be an IANA zone id such as "
                        + "Europe/Berlin, not '" + node.asText() + "'.");
            }
        }
        return new TimeBound(0, new UUID(0, 0), 0, name, start, stop, cron, period, zone, List.of());
    }

    private static int bindTime(PreparedStatement statement, int index, TimeBound bound) throws SQLException {
        statement.setString(index++, bound.name());
        statement.setTimestamp(index++, Timestamp.from(bound.start()));
        statement.setTimestamp(index++, Timestamp.from(bound.stop()));
        statement.setString(index++, bound.cron() == null ? null : bound.cron().expression());
        if (bound.periodLength() == null) {
            statement.setNull(index++, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index++, bound.periodLength().toSeconds());
        }
        statement.setString(index++, bound.zone().getId());
        return index;
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw JsonRequest.invalid(field + " is required: an ISO-8601 date-time with an offset, such as 2026-03-29T00:00:00Z.");
        }
        try {
            return java.time.OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw JsonRequest.invalid(field + " must be an ISO-8601 date-time with an offset, such as 2026-03-29T00:00:00Z, not '"
                    + node.textValue() + "'.");
        }
    }

    private static Duration period(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        Duration period;
        try {
            period = node.isIntegralNumber() ? Duration.ofSeconds(node.longValue()) : Duration.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("core.invalid_time_bound", "period_length must be an ISO-8601 duration such as "
                    + "PT1H (or a number of seconds), not '" + node.asText() + "'.");
        }
        if (period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0 || period.toSeconds() < 1) {
            throw ApiException.badRequest("core.invalid_time_bound", "period_length must be between one second and 366 days.");
        }
        return period;
    }

    private static ApiException nameTaken(String kind, String name) {
        return ApiException.conflict("core.bound_name_taken", "A " + kind + " bound named '" + name + "' exists already.");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored geometry is not JSON", e);
        }
    }

    private static List<Long> longs(Array array) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (array != null) {
            for (Object value : (Object[]) array.getArray()) {
                ids.add(((Number) value).longValue());
            }
        }
        return ids;
    }
}
