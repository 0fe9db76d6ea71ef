package dev.hpr.remediator.aws;

import dev.hpr.remediator.logging.Log;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * STS GetCallerIdentity: who the credentials in use belong to. The local CLI records it as the approver of a plan it
 * approves. The Lambda function never calls it (a Lambda invoke does not carry its caller's credentials), and it
 * needs no IAM permission: "No permissions are required to perform this operation" (AWS STS API Reference,
 * GetCallerIdentity), hence no {@code PERMISSIONS} here ({@link IamPermissions#needingNoPermission}).
 */
public final class CallerIdentity {

    /** Its call, as CloudTrail and IAM name it. */
    public static final String IAM_ACTION = "sts:GetCallerIdentity";

    private final Supplier<StsClient> sts;
    private final Log log;

    /** @param sts built when first used */
    public CallerIdentity(Supplier<StsClient> sts, Log log) {
        this.sts = sts;
        this.log = log;
    }

    /** The caller's ARN; empty (and logged) when STS cannot say. */
    public Optional<String> arn() {
        try {
            return Optional.ofNullable(sts.get().getCallerIdentity().arn());
        } catch (RuntimeException e) {
            log.warn("could not read the caller identity; the approver is recorded as unknown", "error", e.getMessage());
            return Optional.empty();
        }
    }
}
