package org.applecore.platform.script;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox on its own: JSON in and out, every limit, every escape hatch closed, and failures naming the action. */
class ScriptSandboxTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    /** Busy without end, but within the statement limit for longer than the time limit. */
    private static final String SLOW = "(input) => { for (;;) 'x'.repeat(1e7).indexOf('y'); }";
    private static ScriptSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new ScriptSandbox(new ScriptLimits(1_000_000, TIMEOUT, 10_000, 5_000, 10_000, 16 << 20, 100_000, 4, 100));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static ScriptFailure failureOf(String source, String input) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> sandbox.run("limiter", source, input));
        assertThat(thrown).isInstanceOf(ScriptFailure.class);
        ScriptFailure failure = (ScriptFailure) thrown;
        assertThat(failure.status()).isEqualTo(422);
        assertThat(failure.code()).isEqualTo("core.action_failed");
        assertThat(failure.getMessage()).startsWith("Action 'limiter' failed: ");
        return failure;
    }

    @Test
    void passesJsonInAndGetsJsonBack() {
        String out = sandbox.run("adder", "(input) => ({ sum: input.a + input.b, names: input.names.map(n => n.toUpperCase()) })",
                "{\"a\": 2, \"b\": 40, \"names\": [\"x\", \"y\"]}");
        assertThat(out).isEqualTo("{\"sum\":42,\"names\":[\"X\",\"Y\"]}");
    }

    @Test
    void aScriptMayDeclareHelpersBeforeItsFunction() {
        String out = sandbox.run("helper", "function double(n) { return n * 2; }\nconst k = 3;\n(input) => double(input.n) + k",
                "{\"n\": 5}");
        assertThat(out).isEqualTo("13");
    }

    @Test
    void eachRunStartsFromFreshGlobals() {
        String source = "globalThis.count = (globalThis.count || 0) + 1; (input) => globalThis.count";
        assertThat(sandbox.run("counter", source, "{}")).isEqualTo("1");
        assertThat(sandbox.run("counter", source, "{}")).isEqualTo("1");
    }

    @Test
    void anEndlessLoopStopsAtTheStatementLimit() {
        assertThat(failureOf("(input) => { while (true) {} }", "{}").reason()).contains("limit of 1000000 statements");
    }

    @Test
    void endlessRecursionFailsWithTheStackError() {
        assertThat(failureOf("(input) => { const f = n => f(n + 1) + 1; return f(0); }", "{}").reason())
                .contains("Maximum call stack size exceeded");
    }

    @Test
    void aScriptBusyPastTheTimeLimitIsStoppedByTheWatchdog() {
        long started = System.nanoTime();
        assertThat(failureOf(SLOW, "{}").reason()).contains("ran longer than the time limit of 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'x'.repeat(1e9).length", "''.padEnd(1e9).length", "'ab'.padStart(2e9)", "new Array(1e9).length",
            "Array(1e9).fill(0).length", "new Uint8Array(2e9).length", "new ArrayBuffer(2e9).byteLength",
            "Array.from({ length: 1e9 }).length", "Array.prototype.join.call({ length: 1e9 }, 'x').length",
            "(() => { const a = []; a.length = 1e9; return a.join('x').length; })()"})
    void aHugeStringArrayOrBufferInOneCallIsRefused(String expression) {
        long started = System.nanoTime();
        assertThat(failureOf("(input) => " + expression, "{}").reason()).contains("RangeError", "is limited to");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void aStringGrownStepByStepStopsAtTheEnginesLimit() {
        assertThat(failureOf("(input) => { let s = 'x'; for (;;) s = s + s; }", "{}").reason()).contains("Invalid string length");
    }

    @Test
    void anArrayGrownStepByStepStopsAtTheStatementOrTimeLimit() {
        assertThat(failureOf("(input) => { const a = []; for (;;) a.push(a.length); }", "{}").reason())
                .containsAnyOf("limit of 1000000 statements", "time limit of 1500 ms");
    }

    @Test
    void aLargeResultIsRefused() {
        assertThat(failureOf("(input) => 'y'.repeat(6000)", "{}").reason()).contains("more than 5000 characters");
    }

    @Test
    void aLargeInputIsRefusedBeforeRunning() {
        String input = "{\"s\": \"" + "z".repeat(10_000) + "\"}";
        assertThat(failureOf("(input) => 1", input).reason()).contains("more than the limit of 10000");
    }

    @Test
    void aThrowingScriptFailsWithItsMessage() {
        assertThat(failureOf("(input) => { throw new Error('too many tokens today'); }", "{}").reason())
                .contains("too many tokens today");
    }

    @Test
    void garbageIsRefused() {
        assertThat(failureOf("(input) => undefined", "{}").reason()).contains("no JSON value");
        assertThat(failureOf("(input) => () => 1", "{}").reason()).contains("no JSON value");
        assertThat(failureOf("42", "{}").reason()).contains("must end with a function");
        assertThat(failureOf("(input) => {", "{}").reason()).contains("syntax error");
        assertThat(failureOf("(input) => { const o = {}; o.self = o; return o; }", "{}").reason()).contains("circular");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java.type('java.lang.System')", "Polyglot.import('x')", "load('/etc/passwd')",
            "require('fs')", "print('hi')", "process.exit(1)", "console.log('x')", "Polyglot.eval('js', '1')",
            "new Worker('x')", "quit()", "readline()"})
    void theHostIsUnreachable(String escape) {
        ScriptFailure failure = failureOf("(input) => " + escape, "{}");
        assertThat(failure.reason()).containsAnyOf("is not defined", "not allowed");
    }

    @Test
    void failuresDoNotStopOtherScripts() throws Exception {
        sandbox.run("warm-up", "(input) => 1", "{}");
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<String>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return sandbox.run("slow", SLOW, "{}");
                    } catch (ScriptFailure e) {
                        return "failed";
                    }
                }, callers));
            }
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                assertThat(sandbox.run("quick", "(input) => input.n * 2", "{\"n\": " + i + "}")).isEqualTo(String.valueOf(i * 2));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
            }
            for (CompletableFuture<String> run : runs) {
                assertThat(run.get()).isEqualTo("failed");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void runsOnPlatformThreadsEvenWhenCalledFromAVirtualThread() throws Exception {
        String[] out = new String[1];
        Thread caller = Thread.ofVirtual().start(() -> out[0] = sandbox.run("virtual", "(input) => input", "[1,2]"));
        caller.join();
        assertThat(out[0]).isEqualTo("[1,2]");
    }

    @Test
    void aScriptLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> sandbox.run("long", "(input) => 1;" + " ".repeat(10_001), "{}"))
                .isInstanceOf(ScriptFailure.class).hasMessageContaining("longer than 10000 characters");
    }
}
