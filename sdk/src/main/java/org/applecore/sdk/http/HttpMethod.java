package org.applecore.sdk.http;

/** The HTTP methods a plugin route may answer. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE
}
