package dev.hpr.remediator.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands, their synopsis and their help, in one place: {@code --help}, {@code help COMMAND} and the one usage
 * line of a mistyped command are all written from here.
 */
enum Usage {
    DIAGNOSE("diagnose", "TABLE [--index GSI] [--window MINUTES] [--json]",
            "Reads a table's metrics, Contributor Insights and auto scaling as an alarm would, diagnoses, and prints"
                    + " what the email would say and what apply mode would change: nothing is changed, stored or"
                    + " published. Needs only the SDK's usual credentials and region (environment, profile, container"
                    + " or instance role) and the permissions `permissions --read-only` prints.\n"
                    + "  --index GSI       the table and this global secondary index only\n"
                    + "  --window MINUTES  how far back to look, 1-1440 (default 60)\n"
                    + "  --json            the finding in its published schema instead of the text"),
    PERMISSIONS("permissions", "--read-only [TABLE...]",
            "Prints the IAM policy (JSON) that `diagnose` needs, built from the same permission declarations as the"
                    + " deployed function's role; with TABLE names, the table actions are limited to them."),
    INVOKE("invoke", "EVENT.json",
            "Runs the Lambda alarm handler once on an event file, with the function's environment variables"
                    + " (FINDINGS_TOPIC_ARN, REMEDIATION_MODE, ...), against AWS_ENDPOINT_URL when set; prints the"
                    + " finding JSON. This publishes the finding and, in apply mode, changes AWS."),
    SWEEP("sweep", "",
            "Runs the fleet sweep once over PROTECTED_TABLES (or the tagged tables), as the schedule would; prints"
                    + " the sweep summary JSON. Uses the function's environment variables, like invoke."),
    FORECAST("forecast", "",
            "Runs the forecast once over PROTECTED_TABLES (or the tagged tables), as the daily schedule would"
                    + " ({\"task\":\"forecast\"}); prints its summary JSON: each table and GSI checked, its recurring"
                    + " peaks (ISO UTC, units/s) and what it scheduled, offered or left alone and why. FORECAST decides"
                    + " how far it goes (off, forecast-only, on), capped by REMEDIATION_MODE and the table's tag."),
    APPROVE("approve", "PLAN_ID",
            "Approves a plan offered for approval: applies the changes whose settings still hold their 'before'"
                    + " values and records the credentials' caller identity as the approver. Prints the finding JSON."),
    REJECT("reject", "PLAN_ID",
            "Rejects a plan offered for approval: nothing changes. Prints the finding JSON."),
    HELP("help", "[COMMAND]", "Prints this help, or one command's.");

    static final String JAR = "java -jar hot-partition-remediator.jar";

    final String word;
    final String arguments;
    final String help;

    Usage(String word, String arguments, String help) {
        this.word = word;
        this.arguments = arguments;
        this.help = help;
    }

    static Optional<Usage> of(String word) {
        return Arrays.stream(values()).filter(u -> u.word.equals(word)).findFirst();
    }

    String synopsis() {
        return JAR + " " + word + (arguments.isEmpty() ? "" : " " + arguments);
    }

    /** One command's help. */
    String page() {
        return "usage: " + synopsis() + "\n\n" + help + "\n";
    }

    /** Every command's synopsis and the exit codes. */
    static String overview() {
        var text = new StringBuilder("usage:\n");
        for (Usage u : values()) {
            text.append("  ").append(u.synopsis()).append('\n');
        }
        text.append("\n").append(JAR).append(" help COMMAND explains one command.\n\nexit codes:\n");
        for (ExitCode code : ExitCode.values()) {
            text.append(String.format(Locale.ROOT, "  %d  %s%n", code.status(), code.meaning()));
        }
        return text.toString();
    }

    /** The one line a mistyped command gets. */
    static String unknown(String word) {
        String commands = Arrays.stream(values()).map(u -> u.word).collect(Collectors.joining(", "));
        Optional<Usage> near = Arrays.stream(values()).filter(u -> distance(u.word, word) <= 2)
                .min(Comparator.comparingInt(u -> distance(u.word, word)));
        return "unknown command '" + word + "'" + near.map(u -> " (did you mean " + u.word + "?)").orElse("")
                + "; commands: " + commands + "; see " + JAR + " --help";
    }

    /** The one line of a command given the wrong arguments. */
    String misused(String why) {
        return why + "; usage: " + synopsis() + " (" + JAR + " help " + word + ")";
    }

    /** Levenshtein distance: a typo is one or two edits away. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    static List<String> words() {
        return Arrays.stream(values()).map(u -> u.word).toList();
    }
}
