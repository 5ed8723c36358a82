package org.applecore.bench.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by the processes sharing the machine during a timed run, from Linux's /proc: the load generator
 * (this JVM), each host (CPU_PIDS="host 1:123,host 2:456") and PostgreSQL (the postmaster in POSTMASTER_PID, its
 * live backends and the ones that ended). Shows where the machine's CPUs went; empty where /proc is missing.
 */
final class CpuUse {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on Linux
    private final Map<String, Double> seconds;

    private CpuUse(Map<String, Double> seconds) {
        this.seconds = seconds;
    }

    static CpuUse now() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("load generator", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0));
        String postmaster = System.getenv("POSTMASTER_PID");
        if (postmaster != null && !postmaster.isBlank()) {
            double total = ticks(postmaster.trim(), true);
            for (String child : children(postmaster.trim())) {
                total += ticks(child, false);
            }
            seconds.put("PostgreSQL", total / TICKS_PER_SECOND);
        }
        String hosts = System.getenv().getOrDefault("CPU_PIDS", "");
        for (String entry : hosts.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon > 0) {
                seconds.put(entry.substring(0, colon), ticks(entry.substring(colon + 1).trim(), false) / TICKS_PER_SECOND);
            }
        }
        return new CpuUse(seconds);
    }

    /** What each process used since this snapshot, over a run of the given length. */
    String since(double wallSeconds) {
        CpuUse after = now();
        List<String> parts = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, Double> entry : seconds.entrySet()) {
            double used = after.seconds.getOrDefault(entry.getKey(), entry.getValue()) - entry.getValue();
            total += used;
            parts.add(String.format(Locale.ROOT, "%s %.1f s", entry.getKey(), used));
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "  CPU used in the run (%d CPUs x %.1f s = %.1f s): %s; together %.1f s (%.0f%%)",
                cpus, wallSeconds, cpus * wallSeconds, String.join(", ", parts), total, 100 * total / (cpus * wallSeconds));
    }

    /** utime + stime (+ cutime + cstime: children that ended, for the postmaster) of a process, in ticks. */
    private static double ticks(String pid, boolean withEndedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "(comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
            double ticks = Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
            return withEndedChildren ? ticks + Double.parseDouble(fields[13]) + Double.parseDouble(fields[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static List<String> children(String parent) {
        List<String> children = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(pid -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", pid, "stat"));
                            String ppid = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
                            if (ppid.equals(parent)) {
                                children.add(pid);
                            }
                        } catch (IOException | RuntimeException e) {
                            // gone meanwhile
                        }
                    });
        } catch (IOException e) {
            return children;
        }
        return children;
    }
}
