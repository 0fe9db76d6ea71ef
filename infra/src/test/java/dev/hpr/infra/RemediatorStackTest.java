package dev.hpr.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;

/** Template assertions on the app as {@code cdk synth -c tables=orders,sessions ...} builds it. */
class RemediatorStackTest {

    private final Template template = SynthesizedApp.get().template;

    @Test
    void function_isTheNewestJavaOnArm64_withSnapStartJsonLogsAndReservedConcurrency() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "dev.hpr.remediator.handler.AlarmHandler::handleRequest",
                "MemorySize", 1024,
                "Timeout", 60,
                "ReservedConcurrentExecutions", 5,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref", Match.stringLikeRegexp("RemediatorLogGroup.*")))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void function_readsItsSettingsFromTheEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", Map.ofEntries(
                Map.entry("FINDINGS_TOPIC_ARN", Map.of("Ref", Match.stringLikeRegexp("RemediatorFindingsTopic.*"))),
                Map.entry("REMEDIATION_MODE", "dry-run"),
                Map.entry("PROTECTED_TABLES", "orders,sessions"),
                Map.entry("STATE_TABLE_NAME", Map.of("Ref", Match.stringLikeRegexp("RemediatorStateTable.*"))),
                Map.entry("COOLDOWN_MINUTES", "30"),
                Map.entry("REVERT_AFTER_CALM_MINUTES", "60"),
                Map.entry("REVERT_ENABLED", "true"),
                Map.entry("LOCK_SECONDS", "120"),
                Map.entry("WINDOW_MINUTES", "60"),
                Map.entry("THROTTLE_EVENTS_THRESHOLD", "50"),
                Map.entry("PEAK_CONSUMED_READ_THRESHOLD", "1000"),
                Map.entry("TARGET_UTILIZATION", "60"),
                Map.entry("TARGET_UTILIZATION_FLOOR", "40"),
                Map.entry("SCALE_OUT_COOLDOWN_SECONDS", "60"),
                Map.entry("SCALE_IN_COOLDOWN_SECONDS", "300"),
                Map.entry("MAX_CAPACITY_FACTOR", "2"),
                Map.entry("MAX_CAPACITY_CEILING", "40000"),
                Map.entry("MAX_CAPACITY_APPROVAL_CEILING", "80000"),
                Map.entry("ON_DEMAND_MAXIMUM_FACTOR", "2"),
                Map.entry("ON_DEMAND_MAXIMUM_CEILING", "40000"),
                Map.entry("APPROVAL_TTL_MINUTES", "60"),
                Map.entry("CONTRIBUTOR_INSIGHTS_MODE", "THROTTLED_KEYS"),
                Map.entry("REDACT_KEYS", "false"),
                Map.entry("SELF_HEALED_QUIET_MINUTES", "5"),
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))));
    }

    @Test
    void alias_live_onThePublishedVersion_retriesTwice_thenSendsToTheDeadLetterQueue() {
        template.resourceCountIs("AWS::Lambda::Version", 1);
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorFunctionCurrentVersion.*"), "Version"))));
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorDeadLetterQueue.*"), "Arn")))),
                "Qualifier", Match.objectLike(Map.of("Fn::Select", List.of(7, Match.anyValue())))));
    }

    @Test
    void stateTable_isOnDemand_withPointInTimeRecoveryTtlAndEncryption_andRetained() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Map.of(
                        "KeySchema", List.of(
                                Map.of("AttributeName", "pk", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                        "AttributeDefinitions", List.of(
                                Map.of("AttributeName", "pk", "AttributeType", "S"),
                                Map.of("AttributeName", "sk", "AttributeType", "S")),
                        "BillingMode", "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                        // SSE on without a key of ours: the AWS managed key aws/dynamodb.
                        "SSESpecification", Map.of("SSEEnabled", true))));
    }

    @Test
    void schedules_invokeTheAlarmsAlias_withTheirTask_boundedRetries_andTheDeadLetterQueue() {
        Map<String, Object> alias = Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*"));
        Map<String, Object> deadLetterQueue = Map.of("Fn::GetAtt",
                List.of(Match.stringLikeRegexp("RemediatorDeadLetterQueue.*"), "Arn"));
        // revertCheckIntervalMinutes=10 from the context; the sweep and the forecast keep their defaults.
        for (var schedule : List.of(List.of("rate(10 minutes)", "{\"task\":\"revert-check\"}"),
                List.of("rate(15 minutes)", "{\"task\":\"sweep\"}"),
                List.of("cron(30 0 * * ? *)", "{\"task\":\"forecast\"}"))) {
            template.hasResourceProperties("AWS::Events::Rule", Map.of(
                    "ScheduleExpression", schedule.get(0),
                    "State", "ENABLED",
                    "Targets", List.of(Map.of(
                            "Id", Match.anyValue(),
                            "Arn", alias,
                            "Input", schedule.get(1),
                            "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 3600),
                            "DeadLetterConfig", Map.of("Arn", deadLetterQueue)))));
        }
        template.resourceCountIs("AWS::Events::Rule", 3);
    }

    @Test
    void schedules_mayInvokeTheAlias_andSendToTheDeadLetterQueue_eachFromItsOwnRuleOnly() {
        for (String rule : List.of("RemediatorRevertCheckSchedule", "RemediatorFleetSweepSchedule",
                "RemediatorForecastSchedule")) {
            Map<String, Object> ruleArn = Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(rule + "[0-9A-F]{8}"), "Arn"));
            template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "events.amazonaws.com",
                    "FunctionName", Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*")),
                    "SourceArn", ruleArn));
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Allow",
                            "Principal", Map.of("Service", "events.amazonaws.com"),
                            "Action", "sqs:SendMessage",
                            "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", ruleArn)))))))));
        }
    }

    @Test
    void deadLetterQueue_isEncryptedAndSslOnly_andItsDepthAlarmsToTheTopic() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 0,
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("RemediatorFindingsTopic.*")))));
    }

    @Test
    void throttlingAlarm_perTable_queriesThrottledRequestsOverEveryOperation() {
        for (String table : List.of("orders", "sessions")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Metrics", List.of(Map.of(
                            "Id", "expr_1",
                            "Expression", "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) "
                                    + "WHERE TableName = '" + table + "'",
                            "Period", 60,
                            "Label", "ThrottledRequests",
                            "ReturnData", true)),
                    "Threshold", 10,
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "EvaluationPeriods", 3,
                    "DatapointsToAlarm", 2,
                    "TreatMissingData", "notBreaching"));
        }
    }

    @Test
    void throttlingAlarms_invokeTheAliasOnAlarmAndOk_andTellTheTopicOnAlarm() {
        Map<String, Object> alias = Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*"));
        Map<String, Object> topic = Map.of("Ref", Match.stringLikeRegexp("RemediatorFindingsTopic.*"));
        Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("AlarmActions", List.of(alias, topic), "OKActions", List.of(alias))));
        assertEquals(3, alarms.size(), "orders, sessions and the orders/byCustomer GSI alarm: " + alarms.keySet());
    }

    @Test
    void indexAlarm_sumsTheGsisReadAndWriteThrottleEvents() {
        var sum = Match.objectLike(Map.of("Expression", "FILL(reads, 0) + FILL(writes, 0)", "ReturnData", true));
        var reads = indexMetric("reads", "ReadThrottleEvents");
        var writes = indexMetric("writes", "WriteThrottleEvents");
        for (Matcher query : List.of(sum, reads, writes)) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", Match.arrayWith(List.of(query))));
        }
    }

    private static Matcher indexMetric(String id, String metricName) {
        var metric = Map.of(
                "Namespace", "AWS/DynamoDB",
                "MetricName", metricName,
                "Dimensions", List.of(
                        Map.of("Name", "GlobalSecondaryIndexName", "Value", "byCustomer"),
                        Map.of("Name", "TableName", "Value", "orders")));
        var metricStat = Map.of("Metric", metric, "Period", 60, "Stat", "Sum");
        return Match.objectLike(Map.of("Id", id, "MetricStat", metricStat, "ReturnData", false));
    }

    @Test
    void cloudWatchAlarms_mayInvokeTheAlias_eachFromItsOwnAlarmOnly() {
        template.resourceCountIs("AWS::Lambda::Permission", 6);   // 3 alarms and the 3 schedules
        for (String alarm : List.of("RemediatorThrottlingorders", "RemediatorThrottlingsessions",
                "RemediatorIndexThrottlingordersbyCustomer")) {
            template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "lambda.alarms.cloudwatch.amazonaws.com",
                    "FunctionName", Map.of("Ref", Match.stringLikeRegexp("RemediatorAlias.*")),
                    "SourceAccount", Map.of("Ref", "AWS::AccountId"),
                    "SourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(alarm + "[0-9A-F]{8}"), "Arn"))));
        }
    }

    @Test
    void findingsTopic_isEncryptedWithARotatedKey_sslOnly_andOpenToThisAccountsAlarms() {
        template.hasResourceProperties("AWS::SNS::Topic", Map.of(
                "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediatorFindingsTopicKey.*"), "Arn"))));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"))))))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Action", "sns:Publish",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                Match.objectLike(Map.of("Effect", "Allow", "Action", "sns:Publish",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Condition", Match.objectLike(Map.of("StringEquals",
                                Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))))));
    }

    @Test
    void findings_goToEmail_andToSlackThroughAmazonQDeveloper() {
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com"));
        template.hasResourceProperties("AWS::Chatbot::SlackChannelConfiguration", Map.of(
                "SlackWorkspaceId", "T0123ABCD",
                "SlackChannelId", "C0123ABCD",
                "SnsTopicArns", List.of(Map.of("Ref", Match.stringLikeRegexp("RemediatorFindingsTopic.*"))),
                "LoggingLevel", "ERROR"));
    }

    @Test
    void stack_hasExactlyTheseResources() {
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("AWS::KMS::Key", 1), Map.entry("AWS::SNS::Topic", 1), Map.entry("AWS::SNS::TopicPolicy", 1),
                Map.entry("AWS::SNS::Subscription", 1), Map.entry("AWS::Chatbot::SlackChannelConfiguration", 1),
                Map.entry("AWS::Chatbot::CustomAction", 2), Map.entry("AWS::IAM::ManagedPolicy", 1),
                Map.entry("AWS::SQS::Queue", 1), Map.entry("AWS::SQS::QueuePolicy", 1),
                Map.entry("AWS::Logs::LogGroup", 1), Map.entry("AWS::IAM::Role", 2), Map.entry("AWS::IAM::Policy", 1),
                Map.entry("AWS::Lambda::Function", 1), Map.entry("AWS::Lambda::Version", 1),
                Map.entry("AWS::Lambda::Alias", 1), Map.entry("AWS::Lambda::EventInvokeConfig", 1),
                // alarms: orders, sessions, orders/byCustomer, the queue, the function's Errors and ActionsFailed
                Map.entry("AWS::Lambda::Permission", 6), Map.entry("AWS::CloudWatch::Alarm", 6),
                Map.entry("AWS::CloudWatch::Dashboard", 1),
                Map.entry("AWS::DynamoDB::Table", 1), Map.entry("AWS::Events::Rule", 3));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        var actual = new java.util.TreeMap<String, Integer>();
        resources.values().forEach(r -> actual.merge((String) r.get("Type"), 1, Integer::sum));
        assertEquals(new java.util.TreeMap<>(expected), actual);
    }
}
