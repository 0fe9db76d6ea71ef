package dev.hpr.toolkit;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

/**
 * Why DynamoDB throttled a request, from the {@code ThrottlingReasons} its throttling exceptions carry since 2025
 * ({@code ProvisionedThroughputExceededException}, {@code ThrottlingException}, {@code RequestLimitExceededException};
 * SDK ≥ 2.32.23). Reason strings are {@code {Table|Index}{Read|Write}{Limit}}; the resource is the table or index ARN.
 *
 * @param reasons empty when the exception named none (older endpoints, other throttling exceptions)
 */
public record ThrottleCause(List<Reason> reasons) {

    /** What limit was exceeded. */
    public enum Limit {
        /** One partition's limit (3,000 RCU / 1,000 WCU per second): a hot key. Only that key range is slow. */
        KEY_RANGE,
        /** The table's or index's provisioned capacity: every key is slow. */
        PROVISIONED,
        /** The account's per-table quota (on-demand): every key is slow. */
        ACCOUNT,
        /** The table's configured on-demand maximum: every key is slow. */
        MAX_ON_DEMAND,
        /** A reason this version does not know: treated as table-wide. */
        UNKNOWN
    }

    /**
     * @param index true when the resource is a GSI
     * @param write true for write capacity, false for read
     */
    public record Reason(String text, String resource, boolean index, boolean write, Limit limit) {
        private static final Pattern SHAPE = Pattern.compile(
                "(Table|Index)(Read|Write)(KeyRangeThroughputExceeded|ProvisionedThroughputExceeded"
                        + "|AccountLimitExceeded|MaxOnDemandThroughputExceeded)");

        public static Reason parse(String text, String resource) {
            Matcher m = SHAPE.matcher(text == null ? "" : text);
            if (!m.matches()) {
                return new Reason(text, resource, false, false, Limit.UNKNOWN);
            }
            Limit limit = switch (m.group(3)) {
                case "KeyRangeThroughputExceeded" -> Limit.KEY_RANGE;
                case "ProvisionedThroughputExceeded" -> Limit.PROVISIONED;
                case "AccountLimitExceeded" -> Limit.ACCOUNT;
                default -> Limit.MAX_ON_DEMAND;
            };
            return new Reason(text, resource, m.group(1).equals("Index"), m.group(2).equals("Write"), limit);
        }
    }

    public ThrottleCause {
        reasons = List.copyOf(reasons);
    }

    /** The cause when {@code e} is a DynamoDB throttling error; empty for any other error. */
    public static Optional<ThrottleCause> of(Throwable e) {
        List<ThrottlingReason> reasons;
        if (e instanceof ProvisionedThroughputExceededException p) {
            reasons = p.throttlingReasons();
        } else if (e instanceof ThrottlingException t) {
            reasons = t.throttlingReasons();
        } else if (e instanceof RequestLimitExceededException r) {
            reasons = r.throttlingReasons();
        } else if (e instanceof SdkServiceException s && s.isThrottlingException()) {
            reasons = List.of();
        } else {
            return Optional.empty();
        }
        return Optional.of(new ThrottleCause(reasons.stream().map(r -> Reason.parse(r.reason(), r.resource())).toList()));
    }

    /** True when DynamoDB said every limit hit was a partition's: slow down those keys, not everything. */
    public boolean keyRangeOnly() {
        return !reasons.isEmpty() && reasons.stream().allMatch(r -> r.limit() == Limit.KEY_RANGE);
    }
}
