package dev.hpr.remediator.aws;

import java.util.List;

/** Publishes a finding to the findings SNS topic. */
public final class FindingTopic {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("sns:Publish", IamPermission.Scope.FINDINGS_TOPIC));
}
