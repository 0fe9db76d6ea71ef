package dev.hpr.remediator.cli;

import dev.hpr.remediator.usecase.ReadOnlyDiagnosis;
import dev.hpr.remediator.event.UnusableEventException;
import dev.hpr.remediator.handler.AlarmHandler;
import dev.hpr.remediator.json.JsonTree;
import dev.hpr.remediator.logging.JsonLines;
import dev.hpr.remediator.logging.LogLevelThreshold;
import org.slf4j.event.Level;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code java -jar hot-partition-remediator.jar COMMAND}: the commands and their help are {@link Usage}'s, the exit
 * codes {@link ExitCode}'s (docs/cli.md lists both).
 *
 * <ul>
 *   <li>{@code diagnose TABLE}: read-only, on the SDK's usual credentials and region ({@link DiagnoseCommand}).</li>
 *   <li>{@code permissions --read-only}: the IAM policy {@code diagnose} needs ({@link ReadOnlyPolicy}).</li>
 *   <li>{@code invoke EVENT.json}: the Lambda handler's code path with the function's environment variables, against
 *       {@code AWS_ENDPOINT_URL} when set; prints the finding JSON.</li>
 *   <li>{@code sweep}: the fleet sweep once, as the schedule invokes it ({@code {"task":"sweep"}}); prints its
 *       summary.</li>
 *   <li>{@code forecast}: the forecast once, as the daily schedule invokes it ({@code {"task":"forecast"}}); prints
 *       its summary.</li>
 *   <li>{@code approve PLAN_ID} / {@code reject PLAN_ID}: decides a plan offered for approval, as the Lambda task
 *       would, recording the entry point {@code cli} and the caller identity of the credentials as the approver.</li>
 * </ul>
 * Only errors are logged (on stderr) by approve and reject unless {@code AWS_LAMBDA_LOG_LEVEL} says otherwise.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        return run(Arrays.asList(args), System.getenv(), System.out, System.err);
    }

    /** The command with its environment and streams given (tests run it in-process); returns the exit status. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(Usage.overview());
            return ExitCode.USAGE.status();
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (List.of("--help", "-h", "help").contains(command)) {
            return help(rest, out, err);
        }
        Optional<Usage> usage = Usage.of(command);
        if (usage.isEmpty()) {
            err.println(Usage.unknown(command));
            return ExitCode.USAGE.status();
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(usage.get().page());
            return ExitCode.OK.status();
        }
        return switch (usage.get()) {
            case DIAGNOSE -> DiagnoseCommand.run(rest, env, out, err);
            case PERMISSIONS -> permissions(rest, out, err);
            case INVOKE -> rest.size() == 1 ? invoke(rest.get(0), out, err) : misused(Usage.INVOKE, "one event file", err);
            case SWEEP -> rest.isEmpty() ? task("sweep", out, err)
                    : misused(Usage.SWEEP, "sweep takes no arguments", err);
            case FORECAST -> rest.isEmpty() ? task("forecast", out, err)
                    : misused(Usage.FORECAST, "forecast takes no arguments", err);
            case APPROVE, REJECT -> rest.size() == 1 ? decide(command, rest.get(0), out, err)
                    : misused(usage.get(), "one plan ID", err);
            case HELP -> help(rest, out, err);
        };
    }

    private static int misused(Usage usage, String why, PrintStream err) {
        err.println(usage.misused(why));
        return ExitCode.USAGE.status();
    }

    private static int help(List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty()) {
            out.print(Usage.overview());
            return ExitCode.OK.status();
        }
        Optional<Usage> usage = Usage.of(rest.get(0));
        if (usage.isEmpty()) {
            err.println(Usage.unknown(rest.get(0)));
            return ExitCode.USAGE.status();
        }
        out.print(usage.get().page());
        return ExitCode.OK.status();
    }

    private static int permissions(List<String> rest, PrintStream out, PrintStream err) {
        if (rest.isEmpty() || !"--read-only".equals(rest.get(0))) {
            return misused(Usage.PERMISSIONS, "only --read-only is printed here (the deployed role's policy is the CDK"
                    + " construct's)", err);
        }
        List<String> tables = rest.subList(1, rest.size());
        Optional<String> option = tables.stream().filter(t -> t.startsWith("-")).findFirst();
        if (option.isPresent()) {
            return misused(Usage.PERMISSIONS, "unknown option '" + option.get() + "'", err);
        }
        out.println(JsonTree.write(ReadOnlyPolicy.document(ReadOnlyDiagnosis.PERMISSIONS, tables)));
        return ExitCode.OK.status();
    }

    /** The handler, or empty after the one stderr line that says why the configuration is unusable. */
    private static <H> Optional<H> handler(Supplier<H> constructor, PrintStream err) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalStateException e) {
            err.println("configuration error: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static int invoke(String eventFile, PrintStream out, PrintStream err) {
        Optional<AlarmHandler> built = handler(AlarmHandler::new, err);
        if (built.isEmpty()) {
            return ExitCode.CONFIGURATION.status();
        }
        var output = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(eventFile))) {
            built.get().handleRequest(event, output, null);
        } catch (NoSuchFileException e) {
            err.println("no such event file: " + eventFile);
            return ExitCode.USAGE.status();
        } catch (UnusableEventException e) {
            err.println("unusable event: " + e.getMessage());
            return ExitCode.USAGE.status();
        } catch (IOException | RuntimeException e) {
            err.println("invoke failed: " + e.getMessage());
            return ExitCode.AWS_FAILURE.status();
        }
        out.println(output.toString(StandardCharsets.UTF_8));
        return ExitCode.OK.status();
    }

    private static int decide(String decision, String planId, PrintStream out, PrintStream err) {
        if (System.getenv(LogLevelThreshold.VARIABLE) == null) {
            JsonLines.threshold(Level.ERROR);
        }
        Optional<AlarmHandler> built = handler(AlarmHandler::new, err);
        if (built.isEmpty()) {
            return ExitCode.CONFIGURATION.status();
        }
        AlarmHandler.Decision result;
        try {
            result = built.get().decide(decision, planId);
        } catch (UnusableEventException e) {
            err.println(e.getMessage());
            return ExitCode.USAGE.status();
        } catch (RuntimeException e) {
            err.println(decision + " failed: " + e.getMessage());
            return ExitCode.AWS_FAILURE.status();
        }
        if (result.refused().isPresent()) {
            err.println(decision + " refused, nothing changed: " + result.refused().get());
            return ExitCode.REFUSED.status();
        }
        out.println(result.json());
        return ExitCode.OK.status();
    }

    /** A scheduled task ({@code sweep}, {@code forecast}) once, as its schedule invokes it; prints its summary. */
    private static int task(String task, PrintStream out, PrintStream err) {
        Optional<AlarmHandler> built = handler(AlarmHandler::new, err);
        if (built.isEmpty()) {
            return ExitCode.CONFIGURATION.status();
        }
        var output = new ByteArrayOutputStream();
        try {
            built.get().handleRequest(new ByteArrayInputStream(("{\"task\":\"" + task + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), output, null);
        } catch (IOException | RuntimeException e) {
            err.println(task + " failed: " + e.getMessage());
            return ExitCode.AWS_FAILURE.status();
        }
        out.println(output.toString(StandardCharsets.UTF_8));
        return ExitCode.OK.status();
    }
}
