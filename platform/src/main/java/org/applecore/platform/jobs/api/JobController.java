package org.applecore.platform.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.applecore.platform.auth.CurrentAccount;
import org.applecore.platform.core.paging.IdCursor;
import org.applecore.platform.database.Database;
import org.applecore.platform.jobs.JobViews;
import org.applecore.platform.jobs.callback.WebhookSecrets;
import org.applecore.platform.jobs.queue.JobStore;
import org.applecore.platform.problem.ApiException;
import org.applecore.sdk.http.ActingUser;

import java.net.URI;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code /jobs}: the outer API of the job engine, for logged-in users (JWT). A job is visible to its submitter
 * and to its operational user only; anyone else gets 404. See docs/jobs.md.
 */
@Controller("/jobs")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class JobController {

    private static final Set<String> FIELDS = Set.of("operations", "on_behalf_of", "callback_url", "immediate");

    private final JobSubmission submission;
    private final Database database;
    private final JobViews views;
    private final JobStore store;
    private final WebhookSecrets secrets;

    JobController(JobSubmission submission, Database database, JobViews views, JobStore store, WebhookSecrets secrets) {
        this.submission = submission;
        this.database = database;
        this.views = views;
        this.store = store;
        this.secrets = secrets;
    }

    @Post
    public HttpResponse<JsonNode> submit(@Body @Nullable JsonNode body, @Header("Idempotency-Key") @Nullable String idempotencyKey,
                                         @QueryValue @Nullable Boolean immediate, Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("jobs.invalid_request", "The body must be a JSON object with \"operations\".");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("jobs.unknown_field", "Unknown field '" + name + "'; a job is " + FIELDS + ".");
            }
        }
        JsonNode onBehalf = body.path("on_behalf_of");
        if (!onBehalf.isMissingNode() && !onBehalf.isNull() && !onBehalf.canConvertToLong()) {
            throw ApiException.badRequest("jobs.invalid_request", "on_behalf_of must be a user id.");
        }
        JsonNode callback = body.path("callback_url");
        if (!callback.isMissingNode() && !callback.isNull() && !callback.isTextual()) {
            throw ApiException.badRequest("jobs.invalid_callback_url", "callback_url must be a string.");
        }
        boolean wantsImmediate = Boolean.TRUE.equals(immediate) || body.path("immediate").asBoolean(false);
        JobSubmission.Submitted submitted = submission.submit(
                new ActingUser(account.id(), account.username(), account.roles()),
                new JobSubmission.Request(body.get("operations"),
                        onBehalf.isNumber() ? onBehalf.asLong() : null,
                        callback.isTextual() ? callback.asText() : null, idempotencyKey, wantsImmediate));
        ObjectNode answer = submitted.job().deepCopy();
        if (wantsImmediate) {
            ObjectNode mode = answer.putObject("immediate");
            mode.put("requested", true);
            boolean honoured = submitted.ranImmediately();
            mode.put("honoured", honoured);
            mode.put("detail", honoured ? "The job ran before this answer."
                    : submitted.replayed() ? "The Idempotency-Key returned an earlier job."
                    : "Only users with the tester role may run jobs immediately; the job was queued.");
        }
        MutableHttpResponse<JsonNode> response = HttpResponse.<JsonNode>status(submitted.ranImmediately() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body((JsonNode) answer)
                .header("Location", URI.create("/jobs/" + submitted.ref()).toString());
        if (submitted.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response;
    }

    @Get("/{ref}")
    public JsonNode get(@PathVariable String ref, Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        return visible(ref, account);
    }

    /** The jobs one submitted or that ran as one, oldest first. */
    @Get
    public JsonNode list(@QueryValue @Nullable Integer limit, @QueryValue @Nullable String cursor, Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        int pageSize = IdCursor.limit(limit);
        long after = IdCursor.after(cursor);
        IdCursor.Page<ObjectNode> page = database.inTransaction(c -> views.listOf(c, account.id(), after, pageSize));
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("items").addAll(page.items());
        json.put("next_cursor", page.nextCursor());
        return json;
    }

    /** Cancels a queued or running job (a running job's work is rolled back). */
    @Post("/{ref}/cancel")
    public JsonNode cancel(@PathVariable String ref, Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        visible(ref, account);
        database.inTransaction(c -> store.setStatus(c, ref, "cancelled", null, null));
        return visible(ref, account);
    }

    /** The caller's callback signing secret ({@code whsec_...}), made on first read. */
    @Get("/callback-secret")
    public JsonNode callbackSecret(Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        return secretJson(database.inTransaction(c -> secrets.get(c, account.id())));
    }

    /**
     * Replaces the caller's callback signing secret; later deliveries are signed with the new one, and with the
     * old one too until {@code previous_secret_expires_at}.
     */
    @Post("/callback-secret/rotate")
    public JsonNode rotateCallbackSecret(Authentication authentication) {
        CurrentAccount account = CurrentAccount.from(authentication);
        return secretJson(database.inTransaction(c -> secrets.rotate(c, account.id())));
    }

    private static JsonNode secretJson(WebhookSecrets.Secret secret) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("secret", secret.secret());
        json.put("created_at", secret.createdAt().toString());
        json.put("previous_secret_expires_at", secret.previousExpiresAt() == null ? null : secret.previousExpiresAt().toString());
        return json;
    }

    private ObjectNode visible(String ref, CurrentAccount account) {
        return database.inTransaction(c -> views.find(c, ref))
                .filter(job -> job.path("caller").path("id").asLong() == account.id()
                        || job.path("operational_user").path("id").asLong() == account.id())
                .orElseThrow(() -> ApiException.notFound("jobs.job_not_found", "No job " + ref + " visible to you."));
    }
}
