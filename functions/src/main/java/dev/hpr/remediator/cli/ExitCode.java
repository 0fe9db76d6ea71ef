package dev.hpr.remediator.cli;

/**
 * Every exit status of {@code java -jar hot-partition-remediator.jar}, in one place. docs/cli.md holds the same table
 * (a test compares them). Each non-zero status comes with one line on stderr that says what to fix.
 */
public enum ExitCode {
    OK(0, "Done: the finding, the sweep summary, the policy or the help was printed (a table with nothing to"
            + " diagnose included)."),
    AWS_FAILURE(1, "An AWS call failed for another reason (throttled, unavailable, an error AWS returned): the line"
            + " names the call and AWS's error."),
    USAGE(2, "Bad usage: an unknown command or option, a missing argument, a missing or unusable event file."),
    CONFIGURATION(3, "The function's environment variables are unusable (invoke, sweep, forecast, approve, reject):"
            + " the line names the variable and the value."),
    REFUSED(4, "approve or reject refused: the plan is unknown, already decided, expired, or its table busy; nothing"
            + " changed."),
    NO_CREDENTIALS(5, "No usable AWS credentials or no region: the SDK's default chain found none, or AWS rejected"
            + " them."),
    NOT_FOUND(6, "No such table, or no such index on it, in this account and region."),
    ACCESS_DENIED(7, "AWS denied a call: the line names the IAM action; `permissions --read-only` prints what"
            + " `diagnose` needs.");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }
}
