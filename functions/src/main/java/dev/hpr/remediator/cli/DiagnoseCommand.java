package dev.hpr.remediator.cli;

import dev.hpr.remediator.usecase.ReadOnlyDiagnosis;
import dev.hpr.remediator.core.diagnosis.Diagnosis;
import dev.hpr.remediator.aws.AwsCallFailed;
import dev.hpr.remediator.aws.AwsClients;
import dev.hpr.remediator.aws.DefaultRegion;
import dev.hpr.remediator.aws.TableNotFound;
import dev.hpr.remediator.finding.Finding;
import dev.hpr.remediator.finding.FindingRenderer;
import dev.hpr.remediator.logging.JsonLines;
import dev.hpr.remediator.logging.Log;
import dev.hpr.remediator.logging.LogLevelThreshold;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.event.Level;

/**
 * {@code diagnose TABLE [--index GSI] [--window MINUTES] [--json]}: {@link ReadOnlyDiagnosis} on the SDK's usual
 * credentials and region, printed as the email's text (or the finding JSON), under a line that says nothing changed.
 * Every failure is one line on stderr that names what to fix, and its own {@link ExitCode}.
 */
final class DiagnoseCommand {

    static final String READ_ONLY_NOTICE = "diagnose is read-only: nothing was changed, stored or published.";
    static final int DEFAULT_WINDOW_MINUTES = 60;
    static final int MAX_WINDOW_MINUTES = 1440;

    /** AWS's error codes for credentials it does not accept (STS, DynamoDB, CloudWatch, Application Auto Scaling). */
    private static final Set<String> REJECTED_CREDENTIALS = Set.of("UnrecognizedClientException",
            "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "InvalidSignatureException",
            "SignatureDoesNotMatch");

    private record Options(String table, Optional<String> index, int windowMinutes, boolean json) {
    }

    private DiagnoseCommand() {
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(Usage.DIAGNOSE.misused(e.getMessage()));
            return ExitCode.USAGE.status();
        }
        if (env.get(LogLevelThreshold.VARIABLE) == null) {
            // The SDK's own log lines (a retry, a deprecation) would land between the notice and the finding.
            JsonLines.threshold(Level.ERROR);
        }
        AwsClients clients;
        try {
            clients = DefaultRegion.clients(env);
        } catch (DefaultRegion.NotFound e) {
            err.println(e.getMessage());
            return ExitCode.NO_CREDENTIALS.status();
        }
        try (clients) {
            Finding finding = new ReadOnlyDiagnosis(clients, Clock.systemUTC(), Log.forRuntime())
                    .diagnose(new ReadOnlyDiagnosis.Request(options.table(), options.index(), options.windowMinutes()));
            var renderer = new FindingRenderer();
            if (options.json()) {
                err.println(READ_ONLY_NOTICE);
                out.println(renderer.json(finding));
            } else {
                out.println(READ_ONLY_NOTICE);
                out.println();
                out.print(finding.diagnosis().filter(d -> !d.detection().detected())
                        .map(d -> nothingDetected(d, options.windowMinutes()))
                        .orElseGet(() -> renderer.email(finding)));
            }
            return ExitCode.OK.status();
        } catch (TableNotFound | ReadOnlyDiagnosis.NoSuchIndex e) {
            err.println(e.getMessage() + " (region " + clients.region().id() + "): check the name and the region");
            return ExitCode.NOT_FOUND.status();
        } catch (AwsCallFailed e) {
            return failed(e, err);
        }
    }

    private static int failed(AwsCallFailed e, PrintStream err) {
        if (ReadOnlyDiagnosis.isAccessDenied(e)) {
            err.println("access denied: " + e.getMessage() + "; grant " + e.operation() + " (all that diagnose needs: "
                    + Usage.JAR + " permissions --read-only)");
            return ExitCode.ACCESS_DENIED.status();
        }
        if (REJECTED_CREDENTIALS.contains(e.errorCode())) {
            err.println("AWS rejected the credentials: " + e.getMessage() + "; refresh them (aws sso login, or new"
                    + " keys) or choose another profile (AWS_PROFILE)");
            return ExitCode.NO_CREDENTIALS.status();
        }
        if (e.getMessage().contains("Unable to load credentials")) {
            err.println("no AWS credentials: the SDK's default chain found none; set AWS_PROFILE (after aws configure"
                    + " or aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is"
                    + " attached");
            return ExitCode.NO_CREDENTIALS.status();
        }
        err.println("diagnose failed, nothing changed: " + e.getMessage());
        return ExitCode.AWS_FAILURE.status();
    }

    /** The short answer for a table that is not throttling: the figures looked at, and nothing else. */
    static String nothingDetected(Diagnosis d, int windowMinutes) {
        return String.format(Locale.ROOT, "%s: nothing detected in the last %d minutes.%n"
                        + "  Throttled events: %.0f (detection threshold: more than %.0f)%n"
                        + "  Peak consumed reads: %.0f units/s (detection threshold: more than %.0f)%n"
                        + "  Looked at: %s%n",
                d.table().name(), windowMinutes, d.detection().throttleEvents(), d.detection().throttleEventsThreshold(),
                d.detection().peakConsumedReadPerSecond(), d.detection().peakConsumedReadThreshold(),
                String.join(", ", d.table().resources().stream().map(r -> r.label()).toList()));
    }

    private static Options parse(List<String> args) {
        String table = null;
        Optional<String> index = Optional.empty();
        int window = DEFAULT_WINDOW_MINUTES;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--json" -> json = true;
                case "--index" -> index = Optional.of(value(args, ++i, arg));
                case "--window" -> window = minutes(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    if (table != null) {
                        throw new IllegalArgumentException("one table at a time, got '" + table + "' and '" + arg + "'");
                    }
                    table = arg;
                }
            }
        }
        if (table == null) {
            throw new IllegalArgumentException("which table?");
        }
        return new Options(table, index, window, json);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int minutes(String value) {
        try {
            int minutes = Integer.parseInt(value);
            if (minutes >= 1 && minutes <= MAX_WINDOW_MINUTES) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("--window takes whole minutes from 1 to " + MAX_WINDOW_MINUTES + ", got '"
                + value + "'");
    }
}
