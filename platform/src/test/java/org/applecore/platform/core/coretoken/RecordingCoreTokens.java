package org.applecore.platform.core.coretoken;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.applecore.platform.core.user.CoreUsers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only: records every core token the host authenticates a core call with (REST or in-process, a job's
 * own calls included) on hosts started with {@code applecore.test.record-core-tokens=true}, so that a test can
 * capture a job's token while the job uses it and try it afterwards, as an attacker who saw it would.
 */
@Singleton
@Replaces(CoreTokens.class)
@Requires(property = "applecore.test.record-core-tokens", value = "true")
public class RecordingCoreTokens extends CoreTokens {

    public static final Set<String> USED = ConcurrentHashMap.newKeySet();

    RecordingCoreTokens(CoreUsers coreUsers) {
        super(coreUsers);
    }

    @Override
    public Optional<CoreTokenHolder> findHolder(Connection connection, String token) throws SQLException {
        Optional<CoreTokenHolder> holder = super.findHolder(connection, token);
        holder.ifPresent(found -> USED.add(token));
        return holder;
    }
}
