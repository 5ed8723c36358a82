package org.applecore.platform.script;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.applecore.platform.problem.ApiException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs untrusted JavaScript (decision 7): one shared GraalVM {@link Engine} with
 * {@link SandboxPolicy#CONSTRAINED}; per run a fresh {@link Context} with no host, polyglot, IO, thread,
 * process, environment or native access, and without {@code load}, {@code print} and {@code console}. A
 * script is JavaScript whose last expression is a function; it is called with the input object and its
 * result is returned as JSON. Scripts run on this sandbox's own platform threads (Truffle fails on virtual
 * threads), with a statement limit and a wall-clock watchdog that closes the context.
 *
 * <p>A fresh context per run (about 0.25 ms) rather than a reused one (about 0.01 ms): a reused context
 * would keep a script's globals and closures from one run to the next, state that escapes the rollback of
 * the operation and may leak between users. Parsing is shared through the engine's source cache.
 *
 * <p>Every failure is a {@link ScriptFailure} (422 {@code core.action_failed}) naming the action. Thread
 * safety: safe for concurrent use.
 */
@Singleton
public class ScriptSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptSandbox.class);
    private static final int MAX_REASON_CHARS = 500;
    private static final int NOT_JSON = -1;
    private static final int TOO_LARGE = -2;
    /**
     * Evaluated before the script, so that it holds the real JSON functions whatever the script does to the
     * globals. Returns the result as a JSON string, or NOT_JSON / TOO_LARGE.
     */
    private static final Source HARNESS = Source.create("js", """
            (() => {
              const parse = JSON.parse, stringify = JSON.stringify;
              return (fn, input, max) => {
                const out = stringify(fn(parse(input)));
                if (typeof out !== 'string') return %d;
                if (out.length > max) return %d;
                return out;
              };
            })()""".formatted(NOT_JSON, TOO_LARGE));

    /**
     * Evaluated before the script: the builtins that allocate a huge string, array or buffer in one call (which
     * neither the statement limit nor, promptly, the watchdog can stop) refuse lengths past the caps with a
     * RangeError. Loops that grow things step by step are stopped by the statement and time limits.
     */
    private static final String GUARDS = """
            (() => {
              const MAX_STRING = %d, MAX_ARRAY = %d;
              const fail = (what, max) => { throw new RangeError(what + ' is limited to ' + max + ' in this sandbox'); };
              const fix = (target, name, value) =>
                Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false });
              const lengthOf = (value) => value != null && typeof value.length === 'number' ? value.length : 0;
              const repeat = String.prototype.repeat, padStart = String.prototype.padStart, padEnd = String.prototype.padEnd;
              fix(String.prototype, 'repeat', function (count) {
                if (String(this).length * Number(count) > MAX_STRING) fail('a string length', MAX_STRING);
                return repeat.call(this, count);
              });
              fix(String.prototype, 'padStart', function (length, fill) {
                if (Number(length) > MAX_STRING) fail('a string length', MAX_STRING);
                return padStart.call(this, length, fill);
              });
              fix(String.prototype, 'padEnd', function (length, fill) {
                if (Number(length) > MAX_STRING) fail('a string length', MAX_STRING);
                return padEnd.call(this, length, fill);
              });
              const sized = (name, max, first) => {
                const original = globalThis[name];
                if (typeof original !== 'function') return;
                const check = (args) => {
                  const n = first(args);
                  if (n > max) fail(name + ' of length ' + n, max);
                };
                fix(globalThis, name, new Proxy(original, {
                  apply(target, self, args) { check(args); return Reflect.apply(target, self, args); },
                  construct(target, args, newTarget) { check(args); return Reflect.construct(target, args, newTarget); }
                }));
              };
              const count = (args) => args.length === 1 && typeof args[0] === 'number' ? args[0] : 0;
              sized('Array', MAX_ARRAY, count);
              for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
                  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
                  'BigUint64Array']) {
                sized(name, MAX_STRING, (args) => typeof args[0] === 'number' ? args[0] : lengthOf(args[0]));
              }
              const from = Array.from;
              fix(Array, 'from', function (items, ...rest) {
                if (lengthOf(items) > MAX_ARRAY) fail('an array length', MAX_ARRAY);
                return from.call(this, items, ...rest);
              });
              for (const name of ['fill', 'join', 'map', 'forEach', 'filter', 'reduce', 'flat', 'toString', 'concat', 'slice',
                  'indexOf', 'includes', 'sort', 'reverse', 'copyWithin', 'keys', 'values', 'entries']) {
                const original = Array.prototype[name];
                fix(Array.prototype, name, function (...args) {
                  if (lengthOf(this) > MAX_ARRAY) fail('an array length', MAX_ARRAY);
                  return original.apply(this, args);
                });
              }
            })();
            """;

    private final ScriptLimits limits;
    private final Source guards;
    private final Engine engine;
    private final ThreadPoolExecutor runners;
    private final ScheduledExecutorService watchdog;

    @Inject
    public ScriptSandbox(@io.micronaut.context.annotation.Value("${applecore.scripts.statement-limit:1000000}") long statementLimit,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.timeout:2s}") Duration timeout,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.max-input-chars:1048576}") int maxInputChars,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.max-output-chars:262144}") int maxOutputChars,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.max-source-chars:100000}") int maxSourceChars,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.max-string-chars:16777216}") int maxStringChars,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.max-array-length:1000000}") int maxArrayLength,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.threads:0}") int threads,
                         @io.micronaut.context.annotation.Value("${applecore.scripts.queue-capacity:1000}") int queueCapacity) {
        this(new ScriptLimits(statementLimit, timeout, maxInputChars, maxOutputChars, maxSourceChars, maxStringChars,
                maxArrayLength, threads > 0 ? threads : ScriptLimits.defaults().threads(), queueCapacity));
    }

    public ScriptSandbox(ScriptLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.guards = Source.create("js", GUARDS.formatted(limits.maxStringChars(), limits.maxArrayLength()));
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                // Temurin has no JVMCI compiler for Truffle; interpreting is expected, not worth a warning.
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
        BlockingQueue<Runnable> queue = limits.queueCapacity() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(limits.queueCapacity());
        this.runners = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS, queue,
                platformThreads("script-runner"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(platformThreads("script-watchdog"));
        // Warm the engine up in the background, so that the first real run does not pay for it.
        runners.execute(() -> {
            try {
                runHere("warm-up", "(input) => input", "{}");
            } catch (RuntimeException e) {
                LOG.warn("The script engine failed to warm up: {}", e.getMessage());
            }
        });
    }

    public ScriptLimits limits() {
        return limits;
    }

    /**
     * Runs a script on one input.
     *
     * @param actionName named in every failure
     * @param source JavaScript whose last expression is a function of one argument
     * @param inputJson the argument, as JSON
     * @return what the function returned, as JSON
     * @throws ScriptFailure when the script cannot be run, throws, exceeds a limit or returns no JSON value
     */
    public String run(String actionName, String source, String inputJson) {
        Objects.requireNonNull(actionName, "actionName is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(inputJson, "inputJson is null");
        if (source.length() > limits.maxSourceChars()) {
            throw new ScriptFailure(actionName, "the script is longer than " + limits.maxSourceChars() + " characters.");
        }
        if (inputJson.length() > limits.maxInputChars()) {
            throw new ScriptFailure(actionName, "its input is " + inputJson.length() + " characters of JSON, more than "
                    + "the limit of " + limits.maxInputChars() + ".");
        }
        Future<String> run;
        try {
            run = runners.submit(() -> runHere(actionName, source, inputJson));
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "core.scripts_busy", "Too many scripts are waiting to run; try again shortly.");
        }
        try {
            // The watchdog ends the run itself; this bound only guards against a run that never started.
            return run.get(limits.timeout().toMillis() * 4 + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("script run failed", e.getCause());
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new ScriptFailure(actionName, "it did not get to run in time.");
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScriptFailure(actionName, "its run was interrupted.");
        }
    }

    private String runHere(String actionName, String source, String inputJson) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (Context context = newContext()) {
            // Our own setup runs before the clock starts: a cold engine takes a while to make its first realm.
            Value harness = context.eval(HARNESS);
            context.eval(guards);
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                timedOut.set(true);
                context.close(true);
            }, limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
            try {
                Value function = context.eval(Source.newBuilder("js", source, "action.js").cached(true).buildLiteral());
                if (!function.canExecute()) {
                    throw new ScriptFailure(actionName, "the script must end with a function of one argument, "
                            + "such as (input) => ({...}).");
                }
                Value result = harness.execute(function, inputJson, limits.maxOutputChars());
                if (result.isNumber() && result.asInt() == NOT_JSON) {
                    throw new ScriptFailure(actionName, "the script returned no JSON value.");
                }
                if (result.isNumber() && result.asInt() == TOO_LARGE) {
                    throw new ScriptFailure(actionName, "the script returned more than " + limits.maxOutputChars()
                            + " characters of JSON.");
                }
                return result.asString();
            } catch (PolyglotException e) {
                throw failure(actionName, e, timedOut.get());
            } finally {
                alarm.cancel(false);
            }
        } catch (PolyglotException e) {
            // Closing a context the watchdog cancelled reports the cancellation again.
            throw failure(actionName, e, timedOut.get());
        } catch (IllegalStateException e) {
            if (timedOut.get()) {
                throw timeout(actionName);
            }
            throw e;
        }
    }

    private Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.UNTRUSTED)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(org.graalvm.polyglot.EnvironmentAccess.NONE)
                .allowHostClassLookup(className -> false)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.statementLimit(), null).build())
                .build();
    }

    private ScriptFailure failure(String actionName, PolyglotException e, boolean timedOut) {
        if (timedOut) {
            return timeout(actionName);
        }
        if (e.isResourceExhausted()) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Statement count limit")) {
                return new ScriptFailure(actionName, "the script exceeded the limit of " + limits.statementLimit()
                        + " statements.");
            }
            return new ScriptFailure(actionName, "the script ran out of resources: " + shorten(message));
        }
        if (e.isSyntaxError()) {
            return new ScriptFailure(actionName, "the script has a syntax error: " + shorten(e.getMessage()));
        }
        if (e.isInternalError() || e.isHostException()) {
            LOG.warn("Action '{}' failed inside the script engine", actionName, e);
            return new ScriptFailure(actionName, "the script engine failed while running it.");
        }
        if (e.isCancelled()) {
            return new ScriptFailure(actionName, "the script was cancelled.");
        }
        return new ScriptFailure(actionName, "the script threw " + shorten(e.getMessage()));
    }

    private ScriptFailure timeout(String actionName) {
        return new ScriptFailure(actionName, "the script ran longer than the time limit of "
                + limits.timeout().toMillis() + " ms.");
    }

    private static String shorten(String message) {
        String text = message == null ? "an error" : message.strip();
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "...";
    }

    private static ThreadFactory platformThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = Thread.ofPlatform().name(prefix + "-" + counter.incrementAndGet()).daemon(true).unstarted(runnable);
            return thread;
        };
    }

    @PreDestroy
    @Override
    public void close() {
        runners.shutdownNow();
        watchdog.shutdownNow();
        try {
            runners.awaitTermination(limits.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close(true);
    }
}
