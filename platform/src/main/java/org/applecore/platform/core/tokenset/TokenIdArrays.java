package org.applecore.platform.core.tokenset;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** Token ids to and from SQL, for the set-based statements of the core: {@code bigint[]} parameters and id columns. */
public final class TokenIdArrays {

    private TokenIdArrays() {
    }

    /** A {@code bigint[]} parameter. */
    public static Array sqlArray(Connection connection, long[] ids) throws SQLException {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return connection.createArrayOf("bigint", boxed);
    }

    /** The first column of every row the statement returns, as ids in ascending order. */
    public static long[] collect(PreparedStatement statement) throws SQLException {
        long[] ids = new long[16];
        int size = 0;
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                }
                ids[size++] = rows.getLong(1);
            }
        }
        long[] result = Arrays.copyOf(ids, size);
        Arrays.sort(result);
        return result;
    }
}
