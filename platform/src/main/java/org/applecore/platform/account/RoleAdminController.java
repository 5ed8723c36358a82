package org.applecore.platform.account;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;

import java.util.List;
import java.util.Map;

/** Lists the roles accounts can be granted on this host: built-in ones and those of running plugins. */
@Controller("/admin/roles")
@Secured(RoleCatalog.ADMIN)
public class RoleAdminController {

    private final RoleCatalog roles;

    RoleAdminController(RoleCatalog roles) {
        this.roles = roles;
    }

    @Get
    public Map<String, List<RoleInfo>> list() {
        return Map.of("items", roles.list());
    }
}
