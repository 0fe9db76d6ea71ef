package dev.hpr.remediator.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a command as a child process and measures its wall time and peak resident set size: with GNU time
 * ({@code /usr/bin/time -f %M}, maximum RSS in KiB) when it is there, else by polling the child's
 * {@code /proc/<pid>/status} VmHWM until it exits (Linux; may miss a peak in the last few milliseconds).
 */
final class ProcessRuns {

    /** One run. {@code stdout} is what the command printed, {@code stderr} its last lines. */
    record Run(long wallMillis, long peakRssKib, int exit, String stdout, String stderr) {
    }

    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    private final boolean gnuTime = detectGnuTime();

    String method() {
        return gnuTime ? "GNU time (/usr/bin/time -f %M)" : "polling /proc/<pid>/status VmHWM every 2 ms";
    }

    Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path rss = Files.createTempFile("hpr-rss", ".txt");
        Path err = Files.createTempFile("hpr-stderr", ".txt");
        try {
            var full = new ArrayList<String>();
            if (gnuTime) {
                full.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
            }
            full.addAll(command);
            var pb = new ProcessBuilder(full).redirectError(err.toFile());
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process p = pb.start();
            long peak = 0;
            byte[] out;
            if (gnuTime) {
                out = p.getInputStream().readAllBytes();
            } else {
                var collected = new java.io.ByteArrayOutputStream();
                var drain = new Thread(() -> {
                    try {
                        p.getInputStream().transferTo(collected);
                    } catch (IOException ignored) {
                        // process gone
                    }
                });
                drain.start();
                Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
                while (p.isAlive()) {
                    peak = Math.max(peak, vmHwm(status));
                    Thread.sleep(2);
                }
                drain.join();
                out = collected.toByteArray();
            }
            int exit = p.waitFor();
            long wall = (System.nanoTime() - started) / 1_000_000;
            if (gnuTime) {
                List<String> lines = Files.readAllLines(rss);
                peak = Long.parseLong(lines.get(lines.size() - 1).trim());
            }
            String stderr = Files.readString(err);
            return new Run(wall, peak, exit, new String(out, StandardCharsets.UTF_8),
                    stderr.substring(Math.max(0, stderr.length() - 2000)));
        } finally {
            Files.deleteIfExists(rss);
            Files.deleteIfExists(err);
        }
    }

    private static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // exited between isAlive and the read
        }
        return 0;
    }

    private static boolean detectGnuTime() {
        if (!Files.isExecutable(GNU_TIME)) {
            return false;
        }
        try {
            Path out = Files.createTempFile("hpr-time", ".txt");
            Process p = new ProcessBuilder(GNU_TIME.toString(), "-f", "%M", "-o", out.toString(), "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            boolean ok = p.waitFor() == 0 && Files.readString(out).trim().matches("\\d+");
            Files.deleteIfExists(out);
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
