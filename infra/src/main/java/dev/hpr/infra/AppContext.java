package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.hpr.remediator.config.Setting;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The app's CDK context keys ({@code -c key=value} or {@code cdk.json}'s "context"), each mapped onto one
 * {@link HotPartitionRemediatorProps} prop. A bad value fails the synth with the key and the value.
 */
final class AppContext {

    static final String DEFAULT_STACK_NAME = "HotPartitionRemediator";

    private final Function<String, Object> lookup;

    AppContext(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    String stackName() {
        return text("stackName").orElse(DEFAULT_STACK_NAME);
    }

    /** An existing findings topic's ARN ({@code topicArn}); else the construct creates the topic. */
    Optional<String> topicArn() {
        return text("topicArn");
    }

    /** {@code deployment}: one account and region (the default), or every account of an organisation. */
    Deployment deployment() {
        return text("deployment").map(v -> parse("deployment", v, Deployment::fromValue)).orElse(Deployment.ACCOUNT);
    }

    /** Every prop the context sets; the topic is the caller's (it needs a scope). */
    HotPartitionRemediatorProps.Builder props() {
        List<String> tables = list("tables");
        Protection protection = text("protection")
                .map(v -> (Protection) parse("protection", v, p -> FunctionSettings.parse(Setting.PROTECTION, p,
                        "protection")))
                .orElse(Protection.LISTED);
        if (tables.isEmpty() && protection == Protection.LISTED) {
            throw new IllegalArgumentException("context key 'tables' is required: the comma-separated names of the "
                    + "DynamoDB tables to protect, e.g. npx cdk deploy -c tables=orders,sessions (or -c protection=tagged"
                    + " to protect every table tagged hot-partition-remediator)");
        }
        var b = HotPartitionRemediatorProps.builder().protection(protection).tableNames(tables)
                .emailSubscribers(list("email"));
        text("slackWorkspaceId").ifPresent(b::slackWorkspaceId);
        text("slackChannelId").ifPresent(b::slackChannelId);
        text("slackChannelConfigurationName").ifPresent(b::slackChannelConfigurationName);
        b.indexAlarms(indexAlarms());
        return remediation(b);
    }

    /** Context keys of the single-account deployment that an organisation's deployment has no use for. */
    static final List<String> ACCOUNT_ONLY_KEYS = List.of("tables", "protection", "indexAlarms", "topicArn", "stackName");

    /**
     * The members' remediator: tagged protection (a StackSet deploys one template everywhere, so no table can be
     * named), the remediation settings of the context; email and Slack belong to the hub.
     */
    HotPartitionRemediatorProps.Builder memberProps() {
        for (String key : ACCOUNT_ONLY_KEYS) {
            if (text(key).isPresent()) {
                throw new IllegalArgumentException("context key '" + key + "' does not apply to deployment=organization:"
                        + " every member protects the tables of its account and region tagged hot-partition-remediator"
                        + " (apply, approve or dry-run), and the findings go to the hub's topic");
            }
        }
        return remediation(HotPartitionRemediatorProps.builder().protection(Protection.TAGGED));
    }

    /** The hub: the organisation, the members' function name, email and Slack. */
    FindingsHub.Props hubProps() {
        String organizationId = required("organizationId", "the AWS Organizations ID (o-...): its principals may"
                + " publish to the hub, read the code and approve");
        Optional<HotPartitionRemediatorProps.SlackChannel> slack = Optional.empty();
        if (text("slackWorkspaceId").isPresent() || text("slackChannelId").isPresent()) {
            slack = Optional.of(new HotPartitionRemediatorProps.SlackChannel(
                    required("slackWorkspaceId", "the Slack workspace ID (with slackChannelId)"),
                    required("slackChannelId", "the Slack channel ID (with slackWorkspaceId)"),
                    text("slackChannelConfigurationName")));
        }
        return new FindingsHub.Props(organizationId, memberFunctionName(), list("email"), slack);
    }

    private String memberFunctionName() {
        return text("memberFunctionName").orElse(OrganizationStackSetProps.DEFAULT_MEMBER_FUNCTION_NAME);
    }

    /** Whether the StackSet is asked for ({@code organizationalUnitIds}); without it the app is the hub alone. */
    boolean hasStackSetTargets() {
        return text("organizationalUnitIds").isPresent();
    }

    /** The StackSet's props: where, the code buckets, the hub's ARNs, the operation preferences. */
    OrganizationStackSetProps stackSetProps() {
        var b = OrganizationStackSetProps.builder()
                .organizationId(required("organizationId", "the AWS Organizations ID (o-...)"))
                .organizationalUnitIds(list("organizationalUnitIds"));
        b.regions(requiredList("regions", "the regions every account gets the remediator in, e.g. us-east-1,eu-west-1"));
        b.codeBucketPrefix(required("codeBucketPrefix", "the code buckets' name prefix: the jar is read from"
                + " <prefix>-<region>"));
        b.hubTopicArn(required("hubTopicArn", "the hub stack's output FindingsTopicArn (deploy the hub first)"));
        b.hubKeyArn(required("hubKeyArn", "the hub stack's output FindingsKeyArn (deploy the hub first)"));
        text("hubApprovalRoleArn").ifPresent(b::hubApprovalRoleArn);
        text("callAs").map(v -> parse("callAs", v, oneOf(OrganizationStackSetProps.CallAs.class))).ifPresent(b::callAs);
        bool("autoDeployment").ifPresent(b::autoDeployment);
        bool("retainStacksOnAccountRemoval").ifPresent(b::retainStacksOnAccountRemoval);
        integer("maxConcurrentPercentage").ifPresent(b::maxConcurrentPercentage);
        integer("maxConcurrentCount").ifPresent(b::maxConcurrentCount);
        integer("failureTolerancePercentage").ifPresent(b::failureTolerancePercentage);
        integer("failureToleranceCount").ifPresent(b::failureToleranceCount);
        text("concurrencyMode").map(v -> parse("concurrencyMode", v,
                oneOf(OrganizationStackSetProps.ConcurrencyMode.class))).ifPresent(b::concurrencyMode);
        text("regionConcurrency").map(v -> parse("regionConcurrency", v,
                oneOf(OrganizationStackSetProps.RegionConcurrency.class))).ifPresent(b::regionConcurrency);
        b.regionOrder(list("regionOrder"));
        text("stackSetName").ifPresent(b::stackSetName);
        b.memberFunctionName(memberFunctionName());
        return b.build();
    }

    private String required(String key, String what) {
        return text(key).orElseThrow(() -> new IllegalArgumentException("context key '" + key + "' is required with"
                + " deployment=organization: " + what));
    }

    private List<String> requiredList(String key, String what) {
        required(key, what);
        return list(key);
    }

    /**
     * The remediation settings (mode, thresholds, schedules, function sizing), the same in both deployments: every
     * function setting whose catalog entry names a context key ({@link Setting#contextKey()}), then the construct's own.
     */
    private HotPartitionRemediatorProps.Builder remediation(HotPartitionRemediatorProps.Builder b) {
        for (Setting setting : Setting.constructProps()) {
            setting.contextKey().ifPresent(key -> text(key)
                    .map(value -> parse(key, value, v -> FunctionSettings.parse(setting, v, key)))
                    .ifPresent(value -> b.functionSetting(setting, value)));
        }
        minutes("revertCheckIntervalMinutes").ifPresent(b::revertCheckInterval);
        bool("fleetSweep").ifPresent(b::fleetSweep);
        minutes("fleetSweepIntervalMinutes").ifPresent(b::fleetSweepInterval);
        bool("forecastScheduleEnabled").ifPresent(b::forecastScheduleEnabled);
        // the expression as EventBridge takes it; the props check its form and name the key's prop
        text("forecastSchedule").map(Schedule::expression).ifPresent(b::forecastSchedule);
        text("stateTableRemovalPolicy").map(v -> parse("stateTableRemovalPolicy", v, RemovalPolicy::valueOf))
                .ifPresent(b::stateTableRemovalPolicy);
        number("alarmThreshold").ifPresent(b::alarmThreshold);
        integer("alarmEvaluationPeriods").ifPresent(b::alarmEvaluationPeriods);
        integer("alarmDatapointsToAlarm").ifPresent(b::alarmDatapointsToAlarm);
        integer("memorySize").ifPresent(b::memorySize);
        integer("timeoutSeconds").map(seconds -> Duration.seconds(seconds)).ifPresent(b::timeout);
        integer("reservedConcurrency").ifPresent(b::reservedConcurrentExecutions);
        text("logRetention").map(v -> parse("logRetention", v, RetentionDays::valueOf)).ifPresent(b::logRetention);
        return b;
    }

    /** {@code indexAlarms=orders/byCustomer,orders/byDate}: table/index pairs. */
    private Map<String, List<String>> indexAlarms() {
        var byTable = new LinkedHashMap<String, List<String>>();
        for (String pair : list("indexAlarms")) {
            String[] parts = pair.split("/", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("context key 'indexAlarms' takes table/index pairs separated by "
                        + "commas (orders/byCustomer), got '" + pair + "'");
            }
            byTable.computeIfAbsent(parts[0], table -> new java.util.ArrayList<>()).add(parts[1]);
        }
        return byTable;
    }

    private Optional<String> text(String key) {
        Object value = lookup.apply(key);
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private List<String> list(String key) {
        return text(key).map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private Optional<Integer> integer(String key) {
        return text(key).map(value -> parse(key, value, Integer::parseInt));
    }

    private Optional<Double> number(String key) {
        return text(key).map(value -> parse(key, value, Double::parseDouble));
    }

    private Optional<Boolean> bool(String key) {
        return text(key).map(value -> parse(key, value, AppContext::parseBoolean));
    }

    /** Whole minutes: the props validate the range (an EventBridge rate takes at least one). */
    private Optional<Duration> minutes(String key) {
        return integer(key).map(Duration::minutes);
    }

    /** An enum's constant by its exact name; else "expected one of A | B". */
    private static <E extends Enum<E>> Function<String, E> oneOf(Class<E> type) {
        return value -> Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of " + String.join(" | ",
                        Arrays.stream(type.getEnumConstants()).map(Enum::name).toList())));
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context key '" + key + "': bad value '" + value + "'"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }
}
