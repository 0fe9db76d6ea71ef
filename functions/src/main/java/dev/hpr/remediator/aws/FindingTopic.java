package dev.hpr.remediator.aws;

import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Publishes a finding to the findings SNS topic, one payload per protocol ({@code MessageStructure=json}). */
public final class FindingTopic {

    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("sns:Publish", IamPermission.Scope.FINDINGS_TOPIC));

    private final Supplier<SnsClient> sns;
    private final String topicArn;

    /** @param sns built when first used */
    public FindingTopic(Supplier<SnsClient> sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    /** @return the SNS message ID */
    /** Primes Publish (SnapStart): stopped before it is sent. */
    public void prime(Priming priming) {
        priming.request("sns:Publish", () -> publish("priming", "{\"default\":\"priming\"}"), PublishResponse::builder);
    }

    public String publish(String subject, String jsonStructuredMessage) {
        try {
            PublishResponse r = sns.get().publish(b -> b.topicArn(topicArn)
                    .subject(subject)
                    .messageStructure("json")
                    .message(jsonStructuredMessage));
            return r.messageId();
        } catch (RuntimeException e) {
            throw AwsCallFailed.of("sns:Publish", e);
        }
    }

    public String topicArn() {
        return topicArn;
    }
}
