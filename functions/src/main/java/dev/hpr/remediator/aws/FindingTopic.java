package dev.hpr.remediator.aws;

import dev.hpr.remediator.iam.IamPermission;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * Publishes a finding to the findings SNS topic, one payload per protocol ({@code MessageStructure=json}). The topic
 * may be in another region and account than the function (an organisation's hub topic): the client must be the
 * topic's region's ({@link #region}).
 */
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

    /** Primes Publish (SnapStart): stopped before it is sent. */
    public void prime(Priming priming) {
        priming.request("sns:Publish", () -> publish("priming", "{\"default\":\"priming\"}"), PublishResponse::builder);
    }

    /** @return the SNS message ID */
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

    /**
     * The topic's region, from its ARN ({@code arn:<partition>:sns:<region>:<account>:<name>}); empty when the ARN
     * has none, where the function's own region is the only one to try.
     */
    public static Optional<Region> region(String topicArn) {
        String[] parts = topicArn.split(":", -1);
        return parts.length == 6 && "sns".equals(parts[2]) && !parts[3].isEmpty()
                ? Optional.of(Region.of(parts[3])) : Optional.empty();
    }
}
