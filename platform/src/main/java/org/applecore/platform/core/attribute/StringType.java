package org.applecore.platform.core.attribute;

/** The string-specific value types: ISO date-time, color, url, email, social account, phone, any. */
public enum StringType {
    DATETIME, COLOR, URL, EMAIL, SOCIAL, PHONE, ANY
}
