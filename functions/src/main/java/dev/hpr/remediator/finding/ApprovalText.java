package dev.hpr.remediator.finding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * How a person decides a plan offered for approval, as every rendering says it: the Lambda payloads (raw and base64,
 * which the chat button's {@code lambda invoke --payload} passes as the AWS CLI v2 expects by default), the AWS CLI
 * command, and the local CLI command.
 */
final class ApprovalText {

    /** Where the email shows the function's ARN when the finding does not know it (a local invoke). */
    static final String UNKNOWN_FUNCTION = "<the remediator's alias ARN>";

    private ApprovalText() {
    }

    /** {@code {"task":"approve","planId":"…"}}. */
    static String payload(String decision, String planId) {
        return "{\"task\":\"" + decision + "\",\"planId\":\"" + planId + "\"}";
    }

    static String base64Payload(String decision, String planId) {
        return Base64.getEncoder().encodeToString(payload(decision, planId).getBytes(StandardCharsets.UTF_8));
    }

    /** The AWS CLI v2 command that decides the plan. */
    static String awsCli(Finding.Approval approval, String region, String decision) {
        return "aws lambda invoke --function-name " + approval.function().orElse(UNKNOWN_FUNCTION)
                + " --cli-binary-format raw-in-base64-out --payload '" + payload(decision, approval.planId())
                + "' --region " + region + " /dev/stdout";
    }

    /** The local CLI command (same environment as {@code invoke}). */
    static String localCli(Finding.Approval approval, String decision) {
        return "java -jar functions/target/hot-partition-remediator.jar " + decision + " " + approval.planId();
    }

    /** A step of "how to approve": text to wrap, and a command to show whole on a line of its own. */
    record Step(String text, java.util.Optional<String> command) {
    }

    /** The steps of "how to approve", for the email. */
    static List<Step> howTo(Finding.Approval approval, String region) {
        return List.of(
                new Step("Approve plan " + approval.planId() + " before " + approval.expiresAt() + ": each change is"
                        + " applied only if its setting still holds the value shown before it, and only once.",
                        java.util.Optional.empty()),
                new Step("In Slack: the Approve button on this finding's notification.", java.util.Optional.empty()),
                new Step("With the AWS CLI:", java.util.Optional.of(awsCli(approval, region, "approve"))),
                new Step("Locally, with the function's environment:",
                        java.util.Optional.of(localCli(approval, "approve"))),
                new Step("To close it without change, the same with reject (" + payload("reject", approval.planId())
                        + ").", java.util.Optional.empty()));
    }
}
