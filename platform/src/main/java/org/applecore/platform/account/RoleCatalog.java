package org.applecore.platform.account;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The roles this host knows: the built-in ones and those declared by running plugins. Accounts may only be
 * granted known roles. The plugin manager declares a plugin's roles when it starts the plugin and withdraws
 * them when it stops it; accounts keep withdrawn roles, which come back to life when the plugin does.
 * Each host keeps its own catalog, filled by the plugins it runs. Thread-safe.
 */
@Singleton
public class RoleCatalog {

    public static final String ADMIN = "admin";
    public static final String TESTER = "tester";
    public static final String JOB_READ = "job-read";
    public static final String JOB_WRITE = "job-write";
    public static final String CORE_SERVICE = "core-service";
    /** May submit jobs that run as another user (the default of {@code applecore.jobs.on-behalf.roles}). */
    public static final String ACT_ON_BEHALF = "act-on-behalf";
    /** The {@code declaredBy} of the built-in roles. */
    public static final String PLATFORM = "platform";

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9-]{1,63}");
    private static final Map<String, RoleInfo> BUILT_IN = builtIn();

    private final Map<String, RoleInfo> declared = new ConcurrentHashMap<>();

    /**
     * Declares a plugin's role, or updates the description of a role the same declarer declared before.
     *
     * @throws IllegalArgumentException when the name is not {@code [a-z][a-z0-9-]{1,63}}, names a built-in role,
     *                                  or names a role another declarer holds
     */
    public synchronized void declare(String role, String description, String declaredBy) {
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(declaredBy, "declaredBy is null");
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("role name '" + role + "' must match " + ROLE_NAME.pattern());
        }
        if (declaredBy.isBlank() || declaredBy.equals(PLATFORM)) {
            throw new IllegalArgumentException("declaredBy must name a plugin, was '" + declaredBy + "'");
        }
        if (BUILT_IN.containsKey(role)) {
            throw new IllegalArgumentException("role '" + role + "' is built into the platform and cannot be redefined");
        }
        RoleInfo existing = declared.get(role);
        if (existing != null && !existing.declaredBy().equals(declaredBy)) {
            throw new IllegalArgumentException("role '" + role + "' is already declared by " + existing.declaredBy());
        }
        declared.put(role, new RoleInfo(role, description, declaredBy, false));
    }

    /** Forgets every role the declarer declared (a plugin stopped). */
    public synchronized void withdrawAllDeclaredBy(String declaredBy) {
        Objects.requireNonNull(declaredBy, "declaredBy is null");
        declared.values().removeIf(info -> info.declaredBy().equals(declaredBy));
    }

    public boolean isKnown(String role) {
        return role != null && (BUILT_IN.containsKey(role) || declared.containsKey(role));
    }

    /** The built-in roles first, then the declared ones by name. */
    public List<RoleInfo> list() {
        List<RoleInfo> roles = new ArrayList<>(BUILT_IN.values());
        declared.values().stream().sorted(Comparator.comparing(RoleInfo::name)).forEach(roles::add);
        return List.copyOf(roles);
    }

    private static Map<String, RoleInfo> builtIn() {
        Map<String, RoleInfo> roles = new LinkedHashMap<>();
        roles.put(ADMIN, new RoleInfo(ADMIN, "Operates the platform: accounts, roles and plugins.", PLATFORM, true));
        roles.put(TESTER, new RoleInfo(TESTER, "May use tester features such as running jobs immediately.", PLATFORM, true));
        roles.put(JOB_READ, new RoleInfo(JOB_READ, "May read the job engine's metrics (internal API).", PLATFORM, true));
        roles.put(JOB_WRITE, new RoleInfo(JOB_WRITE, "May set any job's status (internal API).", PLATFORM, true));
        roles.put(ACT_ON_BEHALF, new RoleInfo(ACT_ON_BEHALF, "May submit jobs that run as another user.", PLATFORM, true));
        roles.put(CORE_SERVICE, new RoleInfo(CORE_SERVICE,
                "A service account that may call the Apple Core API (/core) with HTTP Basic, as its own core user.",
                PLATFORM, true));
        return Collections.unmodifiableMap(roles);
    }
}
