package dev.hpr.infra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link OrganizationStackSet} deploys the remediator: the organisation's units and regions, the
 * buckets the function's code is read from, the hub the members publish to, and the StackSets operation preferences.
 * Every value is checked against the CloudFormation API model ({@code botocore data/cloudformation/2010-05-15},
 * shapes named beside each check); {@link Builder#build()} names the bad prop and value.
 */
public final class OrganizationStackSetProps {

    /** {@code CallAs}: who creates the StackSet. */
    public enum CallAs {
        /** From the organisation's management account. */
        SELF,
        /** From a member account registered as the StackSets delegated administrator. */
        DELEGATED_ADMIN
    }

    /** {@code OperationPreferences.RegionConcurrencyType}. */
    public enum RegionConcurrency { SEQUENTIAL, PARALLEL }

    /** {@code OperationPreferences.ConcurrencyMode}. */
    public enum ConcurrencyMode {
        /** Concurrency is held at most at the failure tolerance plus one (CloudFormation's default). */
        STRICT_FAILURE_TOLERANCE,
        /** Concurrency is what the preferences say, whatever the failure tolerance. */
        SOFT_FAILURE_TOLERANCE
    }

    /** Organizations' {@code OrganizationId} (botocore organizations model; Lambda's {@code PrincipalOrgID}). */
    static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    /** CloudFormation's {@code OrganizationalUnitId}: an OU, or the organisation's root. */
    static final Pattern ORGANIZATIONAL_UNIT_ID = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");
    /** A commercial, China or GovCloud region name ({@code us-east-1}, {@code cn-north-1}, {@code us-gov-west-1}). */
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
    static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]{1,64}");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    /** S3 bucket names: 3-63 of a-z, 0-9, '-' (dots left out: they break TLS to virtual-hosted buckets). */
    static final Pattern BUCKET_PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** CloudFormation's {@code StackSetName}: a letter, then letters, digits and hyphens, at most 128. */
    static final Pattern STACK_SET_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,127}");

    private final String organizationId;
    private final List<String> organizationalUnitIds;
    private final List<String> regions;
    private final String codeBucketPrefix;
    private final String hubTopicArn;
    private final String hubKeyArn;
    private final Optional<String> hubApprovalRoleArn;
    private final CallAs callAs;
    private final boolean autoDeployment;
    private final boolean retainStacksOnAccountRemoval;
    private final Optional<Integer> maxConcurrentPercentage;
    private final Optional<Integer> maxConcurrentCount;
    private final Optional<Integer> failureTolerancePercentage;
    private final Optional<Integer> failureToleranceCount;
    private final ConcurrencyMode concurrencyMode;
    private final RegionConcurrency regionConcurrency;
    private final List<String> regionOrder;
    private final String stackSetName;
    private final String memberFunctionName;

    private OrganizationStackSetProps(Builder b) {
        this.organizationId = require("organizationId", b.organizationId, ORGANIZATION_ID,
                "an AWS Organizations ID (o- and 10-32 of a-z, 0-9)");
        this.organizationalUnitIds = List.copyOf(b.organizationalUnitIds);
        this.regions = List.copyOf(b.regions);
        this.codeBucketPrefix = Objects.requireNonNullElse(b.codeBucketPrefix, "");
        this.hubTopicArn = require("hubTopicArn", b.hubTopicArn, TOPIC_ARN, "an SNS topic ARN (the hub stack's output"
                + " FindingsTopicArn)");
        this.hubKeyArn = require("hubKeyArn", b.hubKeyArn, KEY_ARN, "a KMS key ARN (the hub stack's output"
                + " FindingsKeyArn)");
        this.hubApprovalRoleArn = Optional.ofNullable(b.hubApprovalRoleArn)
                .map(arn -> require("hubApprovalRoleArn", arn, ROLE_ARN, "an IAM role ARN (the hub stack's output"
                        + " ApprovalRoleArn)"));
        this.callAs = Objects.requireNonNull(b.callAs, "callAs");
        this.autoDeployment = b.autoDeployment;
        this.retainStacksOnAccountRemoval = b.retainStacksOnAccountRemoval;
        this.maxConcurrentCount = Optional.ofNullable(b.maxConcurrentCount);
        this.maxConcurrentPercentage = Optional.ofNullable(b.maxConcurrentPercentage)
                .or(() -> maxConcurrentCount.isPresent() ? Optional.empty() : Optional.of(DEFAULT_MAX_CONCURRENT_PERCENTAGE));
        this.failureToleranceCount = Optional.ofNullable(b.failureToleranceCount);
        this.failureTolerancePercentage = Optional.ofNullable(b.failureTolerancePercentage)
                .or(() -> failureToleranceCount.isPresent() ? Optional.empty()
                        : Optional.of(DEFAULT_FAILURE_TOLERANCE_PERCENTAGE));
        this.concurrencyMode = Objects.requireNonNull(b.concurrencyMode, "concurrencyMode");
        this.regionConcurrency = Objects.requireNonNull(b.regionConcurrency, "regionConcurrency");
        this.regionOrder = b.regionOrder.isEmpty() ? this.regions : List.copyOf(b.regionOrder);
        this.stackSetName = require("stackSetName", b.stackSetName, STACK_SET_NAME,
                "a StackSet name (a letter, then letters, digits and '-', at most 128)");
        this.memberFunctionName = require("memberFunctionName", b.memberFunctionName,
                Pattern.compile("[a-zA-Z0-9_-]{1,64}"), "a Lambda function name (1-64 of a-z, A-Z, 0-9, '-', '_')");
        validate(b);
    }

    static final int DEFAULT_MAX_CONCURRENT_PERCENTAGE = 25;
    static final int DEFAULT_FAILURE_TOLERANCE_PERCENTAGE = 10;
    /** The member function's name, the same in every account and region (the hub's channel may invoke only it). */
    public static final String DEFAULT_MEMBER_FUNCTION_NAME = "hot-partition-remediator";
    public static final String DEFAULT_STACK_SET_NAME = "hot-partition-remediator";

    private void validate(Builder b) {
        if (organizationalUnitIds.isEmpty()) {
            throw new IllegalArgumentException("organizationalUnitIds: at least one organisational unit (ou-...) or the"
                    + " root (r-...) to deploy to is required, got none");
        }
        unique("organizationalUnitIds", organizationalUnitIds);
        organizationalUnitIds.forEach(ou -> require("organizationalUnitIds", ou, ORGANIZATIONAL_UNIT_ID,
                "an organisational unit ID (ou-xxxx-yyyyyyyy) or a root ID (r-xxxx)"));
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("regions: at least one region to deploy to is required, got none");
        }
        unique("regions", regions);
        regions.forEach(region -> require("regions", region, REGION, "a region name such as us-east-1"));
        require("codeBucketPrefix", b.codeBucketPrefix, BUCKET_PREFIX, "the start of an S3 bucket name (a-z, 0-9, '-')");
        for (String region : regions) {
            String bucket = codeBucket(region);
            if (bucket.length() > 63) {
                throw new IllegalArgumentException("codeBucketPrefix: the code bucket of " + region + " would be '"
                        + bucket + "', " + bucket.length() + " characters; S3 allows 63: shorten the prefix");
            }
        }
        if (maxConcurrentPercentage.isPresent() && maxConcurrentCount.isPresent()) {
            throw new IllegalArgumentException("give maxConcurrentPercentage or maxConcurrentCount, not both (got "
                    + maxConcurrentPercentage.get() + "% and " + maxConcurrentCount.get() + ")");
        }
        if (failureTolerancePercentage.isPresent() && failureToleranceCount.isPresent()) {
            throw new IllegalArgumentException("give failureTolerancePercentage or failureToleranceCount, not both (got "
                    + failureTolerancePercentage.get() + "% and " + failureToleranceCount.get() + ")");
        }
        // StackSetOperationPreferences: MaxConcurrentPercentage 1-100, MaxConcurrentCount >= 1,
        // FailureTolerancePercentage 0-100, FailureToleranceCount >= 0.
        maxConcurrentPercentage.ifPresent(v -> within("maxConcurrentPercentage", v, 1, 100));
        maxConcurrentCount.ifPresent(v -> within("maxConcurrentCount", v, 1, Integer.MAX_VALUE));
        failureTolerancePercentage.ifPresent(v -> within("failureTolerancePercentage", v, 0, 100));
        failureToleranceCount.ifPresent(v -> within("failureToleranceCount", v, 0, Integer.MAX_VALUE));
        unique("regionOrder", regionOrder);
        if (!new LinkedHashSet<>(regionOrder).equals(new LinkedHashSet<>(regions))) {
            throw new IllegalArgumentException("regionOrder must list exactly the regions " + regions + ", got "
                    + regionOrder);
        }
        if (!autoDeployment && b.retainStacksOnAccountRemovalSet) {
            throw new IllegalArgumentException("retainStacksOnAccountRemoval applies only with autoDeployment (the"
                    + " AutoDeployment property: \"Specify only if Enabled is True\")");
        }
    }

    /** The bucket the members of {@code region} read the function's code from: {@code <codeBucketPrefix>-<region>}. */
    public String codeBucket(String region) {
        return codeBucketPrefix + "-" + region;
    }

    private static String require(String prop, String value, Pattern pattern, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(prop + " must be " + what + ", got "
                    + (value == null ? "none" : "'" + value + "'"));
        }
        return value;
    }

    private static void within(String prop, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(prop + " must be within " + min + "-"
                    + (max == Integer.MAX_VALUE ? "" : max) + ", got " + value);
        }
    }

    private static void unique(String prop, List<String> values) {
        var seen = new LinkedHashSet<String>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(prop + " lists '" + v + "' twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String organizationId() { return organizationId; }
    public List<String> organizationalUnitIds() { return organizationalUnitIds; }
    public List<String> regions() { return regions; }
    public String codeBucketPrefix() { return codeBucketPrefix; }
    public String hubTopicArn() { return hubTopicArn; }
    public String hubKeyArn() { return hubKeyArn; }
    public Optional<String> hubApprovalRoleArn() { return hubApprovalRoleArn; }
    public CallAs callAs() { return callAs; }
    public boolean autoDeployment() { return autoDeployment; }
    public boolean retainStacksOnAccountRemoval() { return retainStacksOnAccountRemoval; }
    public Optional<Integer> maxConcurrentPercentage() { return maxConcurrentPercentage; }
    public Optional<Integer> maxConcurrentCount() { return maxConcurrentCount; }
    public Optional<Integer> failureTolerancePercentage() { return failureTolerancePercentage; }
    public Optional<Integer> failureToleranceCount() { return failureToleranceCount; }
    public ConcurrencyMode concurrencyMode() { return concurrencyMode; }
    public RegionConcurrency regionConcurrency() { return regionConcurrency; }
    public List<String> regionOrder() { return regionOrder; }
    public String stackSetName() { return stackSetName; }
    public String memberFunctionName() { return memberFunctionName; }

    /** Builds {@link OrganizationStackSetProps}; {@link #build()} validates. */
    public static final class Builder {
        private String organizationId;
        private final List<String> organizationalUnitIds = new ArrayList<>();
        private final List<String> regions = new ArrayList<>();
        private String codeBucketPrefix;
        private String hubTopicArn;
        private String hubKeyArn;
        private String hubApprovalRoleArn;
        private CallAs callAs = CallAs.SELF;
        private boolean autoDeployment = true;
        private boolean retainStacksOnAccountRemoval;
        private boolean retainStacksOnAccountRemovalSet;
        private Integer maxConcurrentPercentage;
        private Integer maxConcurrentCount;
        private Integer failureTolerancePercentage;
        private Integer failureToleranceCount;
        private ConcurrencyMode concurrencyMode = ConcurrencyMode.SOFT_FAILURE_TOLERANCE;
        private RegionConcurrency regionConcurrency = RegionConcurrency.SEQUENTIAL;
        private final List<String> regionOrder = new ArrayList<>();
        private String stackSetName = DEFAULT_STACK_SET_NAME;
        private String memberFunctionName = DEFAULT_MEMBER_FUNCTION_NAME;

        private Builder() {
        }

        /** The AWS Organizations ID ({@code o-...}): who may read the code and publish to the hub. Required. */
        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        /**
         * The organisational units ({@code ou-...}, child OUs included) or the root ({@code r-...}) whose accounts get
         * the remediator. The management account never gets a stack instance, even in a target OU (CloudFormation
         * API model, {@code DeploymentTargets}). Required.
         */
        public Builder organizationalUnitIds(List<String> organizationalUnitIds) {
            this.organizationalUnitIds.addAll(organizationalUnitIds);
            return this;
        }

        /** The regions each account gets the remediator in. Required. */
        public Builder regions(List<String> regions) {
            this.regions.addAll(regions);
            return this;
        }

        /**
         * The code buckets' name prefix: the function's jar is read from {@code <prefix>-<region>} in each region
         * (the app's per-region code stacks create and fill them). Required.
         */
        public Builder codeBucketPrefix(String codeBucketPrefix) {
            this.codeBucketPrefix = codeBucketPrefix;
            return this;
        }

        /** The hub's findings topic (the hub stack's output {@code FindingsTopicArn}). Required. */
        public Builder hubTopicArn(String hubTopicArn) {
            this.hubTopicArn = hubTopicArn;
            return this;
        }

        /** The hub topic's KMS key (the hub stack's output {@code FindingsKeyArn}). Required. */
        public Builder hubKeyArn(String hubKeyArn) {
            this.hubKeyArn = hubKeyArn;
            return this;
        }

        /**
         * The hub's Slack channel role (the hub stack's output {@code ApprovalRoleArn}): each member lets it, and
         * nothing else, invoke its alias to approve or reject a plan.
         *
         * @default none: no member accepts approvals from the hub (approve in each account instead)
         */
        public Builder hubApprovalRoleArn(String hubApprovalRoleArn) {
            this.hubApprovalRoleArn = hubApprovalRoleArn;
            return this;
        }

        /**
         * {@code CallAs}: {@link CallAs#SELF} from the management account, {@link CallAs#DELEGATED_ADMIN} from a
         * StackSets delegated administrator.
         *
         * @default {@link CallAs#SELF}
         */
        public Builder callAs(CallAs callAs) {
            this.callAs = callAs;
            return this;
        }

        /**
         * {@code AutoDeployment.Enabled}: accounts that join a target OU later get the remediator, and accounts that
         * leave lose it.
         *
         * @default true
         */
        public Builder autoDeployment(boolean autoDeployment) {
            this.autoDeployment = autoDeployment;
            return this;
        }

        /**
         * {@code AutoDeployment.RetainStacksOnAccountRemoval}: whether an account that leaves the target OUs keeps its
         * remediator stack (then no longer managed by the StackSet). The state table (the audit trail) is kept
         * either way: it is retained when its stack is deleted.
         *
         * @default false: the stack is deleted
         */
        public Builder retainStacksOnAccountRemoval(boolean retainStacksOnAccountRemoval) {
            this.retainStacksOnAccountRemoval = retainStacksOnAccountRemoval;
            this.retainStacksOnAccountRemovalSet = true;
            return this;
        }

        /** @default 25 (percent of a region's accounts at once), unless {@link #maxConcurrentCount} is given */
        public Builder maxConcurrentPercentage(int maxConcurrentPercentage) {
            this.maxConcurrentPercentage = maxConcurrentPercentage;
            return this;
        }

        /** @default none: {@link #maxConcurrentPercentage} */
        public Builder maxConcurrentCount(int maxConcurrentCount) {
            this.maxConcurrentCount = maxConcurrentCount;
            return this;
        }

        /**
         * Failed accounts per region beyond which the operation stops in that region (and, with sequential regions,
         * does not start the next).
         *
         * @default 10 (percent), unless {@link #failureToleranceCount} is given
         */
        public Builder failureTolerancePercentage(int failureTolerancePercentage) {
            this.failureTolerancePercentage = failureTolerancePercentage;
            return this;
        }

        /** @default none: {@link #failureTolerancePercentage} */
        public Builder failureToleranceCount(int failureToleranceCount) {
            this.failureToleranceCount = failureToleranceCount;
            return this;
        }

        /** @default {@link ConcurrencyMode#SOFT_FAILURE_TOLERANCE}: the concurrency asked for, whatever the tolerance */
        public Builder concurrencyMode(ConcurrencyMode concurrencyMode) {
            this.concurrencyMode = concurrencyMode;
            return this;
        }

        /** @default {@link RegionConcurrency#SEQUENTIAL}: a template that fails stops in the first region */
        public Builder regionConcurrency(RegionConcurrency regionConcurrency) {
            this.regionConcurrency = regionConcurrency;
            return this;
        }

        /** The order regions are deployed in: exactly the {@link #regions}. @default the order of {@link #regions} */
        public Builder regionOrder(List<String> regionOrder) {
            this.regionOrder.addAll(regionOrder);
            return this;
        }

        /** @default {@value OrganizationStackSetProps#DEFAULT_STACK_SET_NAME} */
        public Builder stackSetName(String stackSetName) {
            this.stackSetName = stackSetName;
            return this;
        }

        /**
         * The member function's name, the same in every account and region: the hub's channel role may invoke only
         * {@code arn:aws:lambda:*:*:function:<name>:live}.
         *
         * @default {@value OrganizationStackSetProps#DEFAULT_MEMBER_FUNCTION_NAME}
         */
        public Builder memberFunctionName(String memberFunctionName) {
            this.memberFunctionName = memberFunctionName;
            return this;
        }

        public OrganizationStackSetProps build() {
            return new OrganizationStackSetProps(this);
        }
    }
}
