package org.applecore.platform.plugins;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import org.applecore.sdk.http.ActingUser;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operator's plugin API: list, upload, enable, disable and remove plugins at runtime. Admin only.
 * An upload is the raw archive ({@code Content-Type: application/zip} or {@code application/octet-stream}).
 */
@Controller("/admin/plugins")
@Secured(ActingUser.ADMIN_ROLE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PluginAdminController {

    private final InstalledPluginStore store;
    private final PluginHost host;
    private final PluginOperations operations;

    public PluginAdminController(InstalledPluginStore store, PluginHost host, PluginOperations operations) {
        this.store = store;
        this.host = host;
        this.operations = operations;
    }

    @Get
    public Map<String, List<PluginView>> list() {
        Map<String, PluginStatus> statuses = host.statuses();
        List<PluginView> items = store.all().stream().filter(row -> !row.removed())
                .map(row -> PluginView.of(row, statuses.get(row.id())))
                .toList();
        return Map.of("items", items);
    }

    @Get("/{pluginId}")
    public PluginView get(@PathVariable String pluginId) {
        InstalledPlugin row = store.find(pluginId).filter(r -> !r.removed())
                .orElseThrow(() -> org.applecore.platform.problem.ApiException.notFound("plugin.not_found",
                        "No plugin '" + pluginId + "' is installed."));
        return PluginView.of(row, host.statuses().get(pluginId));
    }

    @Post(consumes = {"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    public HttpResponse<PluginView> upload(@Nullable @Body byte[] archive) {
        PluginStatus status = operations.install(archive);
        return HttpResponse.created(PluginView.of(status.row(), status));
    }

    @Post("/{pluginId}/enable")
    public PluginView enable(@PathVariable String pluginId) {
        PluginStatus status = operations.enable(pluginId);
        return PluginView.of(status.row(), status);
    }

    @Post("/{pluginId}/disable")
    public PluginView disable(@PathVariable String pluginId) {
        PluginStatus status = operations.disable(pluginId);
        return PluginView.of(status.row(), status);
    }

    @Delete("/{pluginId}")
    public HttpResponse<Void> remove(@PathVariable String pluginId) {
        operations.remove(pluginId);
        return HttpResponse.noContent();
    }

    /**
     * A plugin as the operator API shows it.
     *
     * @param id the plugin id
     * @param version the installed version
     * @param state what it is doing on the host that answered
     * @param enabled the operator's choice, shared by all hosts
     * @param bundled whether it came with the platform
     * @param dependencies the plugins it needs ({@code id@range})
     * @param routes what it serves while started
     * @param lastError why it failed, when it did
     * @param updatedAt when the operator last changed it
     */
    public record PluginView(String id, String version, PluginState state, boolean enabled, boolean bundled,
                             List<String> dependencies, List<PluginStatus.RouteInfo> routes, String lastError,
                             Instant updatedAt) {

        static PluginView of(InstalledPlugin row, PluginStatus status) {
            PluginState state = status != null ? status.state() : row.enabled() ? PluginState.PENDING : PluginState.DISABLED;
            return new PluginView(row.id(), row.version(), state, row.enabled(), row.bundled(),
                    row.dependencies().stream().map(PluginArchive.Dependency::toString).toList(),
                    status == null ? List.of() : status.routes(), status == null ? null : status.lastError(),
                    row.updatedAt());
        }
    }
}
