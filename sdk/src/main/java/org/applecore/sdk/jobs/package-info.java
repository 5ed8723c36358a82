/**
 * Jobs: submitting queued core operations from a plugin, and registering the plugin's own operation types
 * that jobs may run. Obtained from {@link org.applecore.sdk.PluginContext#jobs()}.
 */
package org.applecore.sdk.jobs;
