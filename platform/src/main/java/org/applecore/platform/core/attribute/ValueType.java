package org.applecore.platform.core.attribute;

/** What an attribute's values are (seed 003, "Attributes"). JSON names are the lower-case constant names. */
public enum ValueType {
    NUMERIC, STRING, JSON, MARKDOWN, BINARY, LOCATION, ACTION
}
