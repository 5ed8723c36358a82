package org.applecore.platform.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.applecore.sdk.json.JsonCodec;

import java.util.List;

/**
 * The JSON codec of one started plugin (decision 5). Each plugin gets its own mapper with its own type
 * cache and class loader, so that nothing in the host keeps the plugin's classes once it is unloaded.
 * Public so that other host code serving plugin handlers (the route benchmark's host twin) uses the same rules.
 */
public final class PluginJson implements JsonCodec {

    private final ObjectMapper mapper;

    public PluginJson(ClassLoader pluginClassLoader) {
        TypeFactory types = TypeFactory.defaultInstance().withClassLoader(pluginClassLoader)
                .withCache(new LRUMap<>(16, 500));
        this.mapper = JsonMapper.builder()
                .typeFactory(types)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // "2" is not a number and 2.5 is not an integer: bodies bind as they are written.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON of " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> List<T> readList(String json, Class<T> elementType) {
        try {
            return mapper.readValue(json, mapper.getTypeFactory().constructCollectionType(List.class, elementType));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON array of " + elementType.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
