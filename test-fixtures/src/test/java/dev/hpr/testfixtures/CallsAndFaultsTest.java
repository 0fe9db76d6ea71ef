package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.InternalServiceException;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ThrottledException;

class CallsAndFaultsTest {
    private final LocalAws aws = LocalAws.shared();

    @BeforeEach
    @AfterEach
    void clean() {
        aws.clearFaults();
        aws.resetCalls();
    }

    private DynamoDbClient ddbNoRetry() {
        return aws.dynamoDbBuilder().overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @Test
    void countsEveryCallPerServiceAndOperation() {
        String table = Tables.create(aws.dynamoDb(), "calls", false, false);
        aws.resetCalls();
        aws.dynamoDb().describeTable(r -> r.tableName(table));
        aws.dynamoDb().describeTable(r -> r.tableName(table));
        aws.dynamoDb().describeContributorInsights(r -> r.tableName(table));
        Instant end = Instant.now();
        aws.cloudWatch().getMetricData(r -> r.startTime(end.minus(5, ChronoUnit.MINUTES)).endTime(end)
                .metricDataQueries(MetricDataQuery.builder().id("m0").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace("AWS/DynamoDB").metricName("ThrottledRequests"))).build()));
        ApplicationAutoScalingClient aas = aws.autoScaling();
        aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB));
        String topic = aws.sns().createTopic(r -> r.name("calls-topic")).topicArn();
        aws.sns().publish(r -> r.topicArn(topic).message("hello"));
        aws.sqs().listQueues();

        Map<String, Long> calls = aws.calls();
        assertEquals(2L, calls.get("dynamodb:DescribeTable"));
        assertEquals(1L, calls.get("dynamodb:DescribeContributorInsights"));
        assertEquals(1L, calls.get("monitoring:GetMetricData"));
        assertEquals(1L, calls.get("application-autoscaling:DescribeScalingPolicies"));
        assertEquals(1L, calls.get("sns:CreateTopic"));
        assertEquals(1L, calls.get("sns:Publish"));
        assertEquals(1L, calls.get("sqs:ListQueues"));
        assertEquals(7, calls.size(), calls.toString()); // control calls and internal lookups are not counted

        aws.resetCalls();
        assertEquals(Map.of(), aws.calls());
    }

    @Test
    void jsonFaultHasTheDynamoDbShapeAndIsCounted() {
        String table = Tables.create(aws.dynamoDb(), "fault", false, false);
        aws.resetCalls();
        String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + table;
        aws.failNext("dynamodb:DescribeTable", 1, 400, "ThrottlingException", "Throughput exceeds the limit",
                Map.of("throttlingReasons", List.of(Map.of("reason", "TableReadKeyRangeThroughputExceeded",
                        "resource", arn))));
        try (DynamoDbClient ddb = ddbNoRetry()) {
            ThrottlingException e = assertThrows(ThrottlingException.class, () -> ddb.describeTable(r -> r.tableName(table)));
            assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals("Throughput exceeds the limit", e.awsErrorDetails().errorMessage());
            assertEquals("TableReadKeyRangeThroughputExceeded", e.throttlingReasons().get(0).reason());
            assertEquals(arn, e.throttlingReasons().get(0).resource());
            ddb.describeTable(r -> r.tableName(table)); // only the next one failed
        }
        assertEquals(2L, aws.calls("dynamodb:DescribeTable"));
    }

    @Test
    void sdkRetriesAreSeparateCalls() {
        String table = Tables.create(aws.dynamoDb(), "retry", false, false);
        aws.resetCalls();
        aws.failNext("DescribeTable", 2, 500, "InternalServerError", "boom");
        aws.dynamoDb().describeTable(r -> r.tableName(table)); // default retries: fails twice, then succeeds
        assertEquals(3L, aws.calls("dynamodb:DescribeTable"));
    }

    @Test
    void failAlwaysUntilCleared() {
        String table = Tables.create(aws.dynamoDb(), "always", false, false);
        aws.failNext("dynamodb:DescribeTable", LocalAws.ALWAYS, 500, "InternalServerError", "down");
        try (DynamoDbClient ddb = ddbNoRetry()) {
            for (int i = 0; i < 3; i++) {
                DynamoDbException e = assertThrows(DynamoDbException.class, () -> ddb.describeTable(r -> r.tableName(table)));
                assertEquals(500, e.statusCode());
                assertEquals("InternalServerError", e.awsErrorDetails().errorCode());
            }
            aws.clearFaults();
            assertFalse(ddb.describeTable(r -> r.tableName(table)).table().tableName().isEmpty());
        }
    }

    @Test
    void queryFaultsHaveTheAwsQueryXmlShape() {
        Instant end = Instant.now();
        aws.failNext("monitoring:GetMetricData", 1, 500, "InternalServiceError", "internal");
        try (CloudWatchClient cw = aws.cloudWatchBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            CloudWatchException e = assertThrows(InternalServiceException.class, () -> cw.getMetricData(r -> r
                    .startTime(end.minus(5, ChronoUnit.MINUTES)).endTime(end)
                    .metricDataQueries(MetricDataQuery.builder().id("m0").metricStat(s -> s.period(60).stat("Sum")
                            .metric(m -> m.namespace("AWS/DynamoDB").metricName("ThrottledRequests"))).build())));
            assertEquals(500, e.statusCode());
            assertEquals("InternalServiceError", e.awsErrorDetails().errorCode());
            assertEquals("internal", e.awsErrorDetails().errorMessage());
        }
        String topic = aws.sns().createTopic(r -> r.name("fault-topic")).topicArn();
        aws.failNext("sns:Publish", 1, 429, "Throttled", "Rate exceeded");
        try (SnsClient sns = aws.snsBuilder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> sns.publish(r -> r.topicArn(topic).message("m")));
            assertEquals("Throttled", e.awsErrorDetails().errorCode());
            assertEquals(429, e.statusCode());
            sns.publish(r -> r.topicArn(topic).message("m"));
        }
        assertEquals(1L, aws.calls("monitoring:GetMetricData"));
        assertEquals(2L, aws.calls("sns:Publish"));
    }
}
