package org.applecore.platform.script;

import org.applecore.platform.problem.ApiException;

import java.util.Objects;

/**
 * An action's script (or plugin action type) failed: 422 {@code core.action_failed}, naming the action and
 * saying why. Thrown inside the operation's transaction, so the whole operation rolls back.
 */
public class ScriptFailure extends ApiException {

    public static final String CODE = "core.action_failed";

    private final String actionName;
    private final String reason;

    public ScriptFailure(String actionName, String reason) {
        super(422, CODE, "Action '" + Objects.requireNonNull(actionName, "actionName is null") + "' failed: "
                + Objects.requireNonNull(reason, "reason is null"));
        this.actionName = actionName;
        this.reason = reason;
    }

    public String actionName() {
        return actionName;
    }

    /** Why it failed, without the action's name. */
    public String reason() {
        return reason;
    }
}
