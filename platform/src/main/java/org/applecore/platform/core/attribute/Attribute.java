package org.applecore.platform.core.attribute;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * An attribute definition as stored in {@code core.attribute}. Empty group lists mean the defaults of the
 * spec: anyone may use it, anyone may read its values, only the token's owner may write them.
 *
 * @param ownerId null for a system attribute
 * @param parentId the attribute this one descends from, or null
 * @param stringType for STRING values only, else null
 * @param enumValues allowed strings, or empty; ignored when regex is set
 * @param defaultValue JSON null when there is none
 * @param mapBounds ids of the map bounds on this attribute, ascending
 * @param timeBounds ids of the time bounds on this attribute, ascending
 */
public record Attribute(long id, UUID guid, Long ownerId, Long parentId, String name, ValueType valueType,
                        StringType stringType, BigDecimal min, BigDecimal max, List<String> enumValues,
                        String regex, JsonNode defaultValue, boolean allowNull, List<Long> requiredSiblings,
                        List<Long> ownerUserGroups, List<Long> readUserGroups, List<Long> writeUserGroups,
                        List<Long> readSetRequirements, List<Long> writeSetRequirements, boolean system,
                        List<Long> mapBounds, List<Long> timeBounds) {

    public Attribute {
        enumValues = List.copyOf(enumValues);
        requiredSiblings = List.copyOf(requiredSiblings);
        ownerUserGroups = List.copyOf(ownerUserGroups);
        readUserGroups = List.copyOf(readUserGroups);
        writeUserGroups = List.copyOf(writeUserGroups);
        readSetRequirements = List.copyOf(readSetRequirements);
        writeSetRequirements = List.copyOf(writeSetRequirements);
        mapBounds = List.copyOf(mapBounds);
        timeBounds = List.copyOf(timeBounds);
    }
}
