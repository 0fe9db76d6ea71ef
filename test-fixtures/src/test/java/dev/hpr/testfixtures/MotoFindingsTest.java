package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What moto 5.2.1 does (through the real SDK over real HTTP) where the remediator depends on it, and the few
 * corrections local_aws.py makes. README.md "moto findings" describes each; keep the two in step.
 */
class MotoFindingsTest {
    private static final List<String> OPERATIONS = List.of("PutItem", "DeleteItem", "UpdateItem", "GetItem",
            "BatchGetItem", "Scan", "Query", "BatchWriteItem", "TransactWriteItems", "TransactGetItems",
            "ExecuteTransaction", "BatchExecuteStatement", "ExecuteStatement", "GetRecords");

    private final LocalAws aws = LocalAws.shared();

    private static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    private static MetricDatum datum(String metric, Instant at, double value, Dimension... dims) {
        return MetricDatum.builder().metricName(metric).timestamp(at).value(value).dimensions(dims).build();
    }

    private static MetricDataQuery query(String id, String metric, Dimension... dims) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.period(60).stat("Sum")
                .metric(m -> m.namespace("AWS/DynamoDB").metricName(metric).dimensions(dims))).build();
    }

    @Test
    void getMetricDataMatchesDimensionsExactlyAndLeavesMissingMinutesOut() {
        CloudWatchClient cw = aws.cloudWatch();
        String table = Tables.unique("gmd");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Dimension t = dim("TableName", table);
        cw.putMetricData(r -> r.namespace("AWS/DynamoDB").metricData(
                datum("ThrottledRequests", now.minus(5, ChronoUnit.MINUTES), 3, t, dim("Operation", "PutItem")),
                datum("ThrottledRequests", now.minus(10, ChronoUnit.MINUTES).plusSeconds(10), 4, t, dim("Operation", "PutItem")),
                datum("ThrottledRequests", now.minus(10, ChronoUnit.MINUTES).plusSeconds(20), 6, t, dim("Operation", "PutItem")),
                datum("ThrottledRequests", now.minus(59, ChronoUnit.MINUTES), 1, t, dim("Operation", "PutItem")),
                datum("ThrottledRequests", now.minus(61, ChronoUnit.MINUTES), 100, t, dim("Operation", "PutItem")),
                datum("ThrottledRequests", now.minus(5, ChronoUnit.MINUTES), 8, t, dim("Operation", "Query")),
                datum("WriteKeyRangeThroughputThrottleEvents", now.minus(3, ChronoUnit.MINUTES), 9, t)));

        // One query per Operation (14) plus a TableName-only one and a per-cause one: all in one call.
        List<MetricDataQuery> queries = new ArrayList<>();
        for (int i = 0; i < OPERATIONS.size(); i++) {
            queries.add(query("op" + i, "ThrottledRequests", t, dim("Operation", OPERATIONS.get(i))));
        }
        queries.add(query("tableonly", "ThrottledRequests", t));
        queries.add(query("keyrange", "WriteKeyRangeThroughputThrottleEvents", t));
        GetMetricDataResponse resp = cw.getMetricData(r -> r.startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(queries));
        assertNull(resp.nextToken());
        Map<String, MetricDataResult> byId = resp.metricDataResults().stream()
                .collect(Collectors.toMap(MetricDataResult::id, r -> r));
        assertEquals(16, byId.size());

        MetricDataResult put = byId.get("op0");
        // newest first (ScanBy default TimestampDescending); the minute with two datapoints is summed;
        // minutes without data are absent; data older than StartTime is left out
        assertEquals(List.of(now.minus(5, ChronoUnit.MINUTES), now.minus(10, ChronoUnit.MINUTES),
                now.minus(59, ChronoUnit.MINUTES)), put.timestamps());
        assertEquals(List.of(3.0, 10.0, 1.0), put.values());
        assertEquals(List.of(8.0), byId.get("op6").values()); // Query
        assertTrue(byId.get("op3").values().isEmpty());       // GetItem: nothing
        // exact matching: TableName alone does not match {TableName, Operation} datapoints (as in AWS)
        assertTrue(byId.get("tableonly").values().isEmpty());
        assertEquals(List.of(9.0), byId.get("keyrange").values());
    }

    @Test
    void getMetricDataQuirks() {
        CloudWatchClient cw = aws.cloudWatch();
        String table = Tables.unique("quirk");
        String ns = "HPR/Quirks-" + table;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        cw.putMetricData(r -> r.namespace(ns).metricData(
                datum("M", now.minus(5, ChronoUnit.MINUTES), 2, dim("TableName", table), dim("Operation", "PutItem")),
                datum("M", now.minus(5, ChronoUnit.MINUTES), 3, dim("TableName", table), dim("Operation", "GetItem"))));
        // (1) moto: a query without dimensions sums every dimension combination; corrected (7): only dimensionless
        // data, as in AWS
        GetMetricDataResponse none = cw.getMetricData(r -> r.startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(MetricDataQuery.builder().id("a").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace(ns).metricName("M"))).build()));
        assertEquals(List.of(), none.metricDataResults().get(0).values());
        // (2) moto: periods start at StartTime; corrected (7): StartTime is rounded down to the minute, as in AWS
        Instant oddStart = now.minus(60, ChronoUnit.MINUTES).plusSeconds(30);
        GetMetricDataResponse odd = cw.getMetricData(r -> r.startTime(oddStart).endTime(now)
                .metricDataQueries(MetricDataQuery.builder().id("a").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace(ns).metricName("M").dimensions(dim("TableName", table),
                                dim("Operation", "PutItem")))).build()));
        assertEquals(List.of(now.minus(5, ChronoUnit.MINUTES)), odd.metricDataResults().get(0).timestamps());
    }

    @Test
    void metricsInsightsIsEvaluatedOverStoredDatapoints() {
        CloudWatchClient cw = aws.cloudWatch();
        String table = Tables.unique("mi");
        String other = Tables.unique("mi-other");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant at = now.minus(4, ChronoUnit.MINUTES);
        cw.putMetricData(r -> r.namespace("AWS/DynamoDB").metricData(
                datum("ThrottledRequests", at, 3, dim("TableName", table), dim("Operation", "PutItem")),
                datum("ThrottledRequests", at, 4, dim("TableName", table), dim("Operation", "Query")),
                datum("ThrottledRequests", at, 1000, dim("TableName", table)),
                datum("ThrottledRequests", at, 500, dim("TableName", other), dim("Operation", "PutItem"))));
        String sql = "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) "
                + "WHERE TableName = '" + table + "'";
        GetMetricDataResponse resp = cw.getMetricData(r -> r.startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(MetricDataQuery.builder().id("q").expression(sql).period(60).build(),
                        query("m", "ThrottledRequests", dim("TableName", table), dim("Operation", "PutItem"))));
        Map<String, MetricDataResult> byId = resp.metricDataResults().stream()
                .collect(Collectors.toMap(MetricDataResult::id, r -> r));
        // moto alone answers 1507 (every datapoint of every metric); emulated: only {TableName, Operation} of the table
        assertEquals(List.of(7.0), byId.get("q").values());
        assertEquals(List.of(at), byId.get("q").timestamps());
        assertEquals(List.of(3.0), byId.get("m").values());

        // GROUP BY: one result per Operation, all with the query's Id (MetricsInsightsGroupByTest has the rest)
        GetMetricDataResponse grouped = cw.getMetricData(r -> r.startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(MetricDataQuery.builder().id("g").period(60)
                        .expression(sql + " GROUP BY Operation").build()));
        assertEquals(List.of("g:PutItem=3.0", "g:Query=4.0"), grouped.metricDataResults().stream()
                .map(r -> r.id() + ":" + r.label() + "=" + r.values().get(0)).toList());
        // what is not emulated answers 400 rather than a wrong number
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cw.getMetricData(r -> r
                .startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(MetricDataQuery.builder().id("g").period(60)
                        .expression(sql + " AND Operation IN ('PutItem')").build())));
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("not emulated"), e.getMessage());
    }

    @Test
    void putMetricDataLargeEnoughToBeGzippedByTheSdkIsRead() {
        CloudWatchClient cw = aws.cloudWatch();
        String table = Tables.unique("gzip");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<MetricDatum> data = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            data.add(datum("ConsumedWriteCapacityUnits", now.minus(1 + i % 50, ChronoUnit.MINUTES), 1,
                    dim("TableName", table)));
        }
        aws.resetCalls();
        cw.putMetricData(r -> r.namespace("AWS/DynamoDB").metricData(data));
        assertEquals(1L, aws.calls("monitoring:PutMetricData"));
        GetMetricDataResponse resp = cw.getMetricData(r -> r.startTime(now.minus(60, ChronoUnit.MINUTES)).endTime(now)
                .metricDataQueries(query("c", "ConsumedWriteCapacityUnits", dim("TableName", table))));
        assertEquals(50, resp.metricDataResults().get(0).values().size());
        assertEquals(500.0, resp.metricDataResults().get(0).values().stream().mapToDouble(Double::doubleValue).sum());
    }

    @Test
    void describeTableFields() {
        DynamoDbClient ddb = aws.dynamoDb();
        String prov = Tables.create(ddb, "dt", true, true);
        TableDescription t = ddb.describeTable(r -> r.tableName(prov)).table();
        assertEquals(BillingMode.PROVISIONED, t.billingModeSummary().billingMode());
        assertEquals(5L, t.provisionedThroughput().readCapacityUnits());
        assertEquals(7L, t.provisionedThroughput().writeCapacityUnits());
        assertEquals(0L, t.provisionedThroughput().numberOfDecreasesToday());
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/" + prov, t.tableArn());
        assertEquals(3L, t.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits());
        assertEquals(4L, t.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits());
        assertNull(t.globalSecondaryIndexes().get(0).provisionedThroughput().numberOfDecreasesToday()); // moto omits it
        assertEquals(5L, t.warmThroughput().readUnitsPerSecond()); // moto: warm = provisioned
        assertNull(t.onDemandThroughput());
        assertNull(t.tableId()); // moto omits TableId
        assertEquals(List.of(), ddb.listTagsOfResource(r -> r.resourceArn(t.tableArn())).tags());

        String od = Tables.unique("dt-od");
        ddb.createTable(r -> r.tableName(od).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .onDemandThroughput(o -> o.maxReadRequestUnits(100L).maxWriteRequestUnits(50L))
                .tags(tag -> tag.key("team").value("payments")));
        TableDescription o = ddb.describeTable(r -> r.tableName(od)).table();
        assertEquals(BillingMode.PAY_PER_REQUEST, o.billingModeSummary().billingMode());
        assertEquals(0L, o.provisionedThroughput().readCapacityUnits());
        assertEquals(12000L, o.warmThroughput().readUnitsPerSecond()); // moto's default for on-demand
        assertEquals(4000L, o.warmThroughput().writeUnitsPerSecond());
        // OnDemandThroughput: moto drops it; local_aws.py keeps what CreateTable/UpdateTable set
        assertEquals(100L, o.onDemandThroughput().maxReadRequestUnits());
        ddb.updateTable(r -> r.tableName(od).onDemandThroughput(x -> x.maxReadRequestUnits(-1L)));
        o = ddb.describeTable(r -> r.tableName(od)).table();
        assertEquals(-1L, o.onDemandThroughput().maxReadRequestUnits());
        assertEquals(50L, o.onDemandThroughput().maxWriteRequestUnits());
        ddb.updateTable(r -> r.tableName(od).warmThroughput(w -> w.readUnitsPerSecond(15000L).writeUnitsPerSecond(5000L)));
        assertEquals(15000L, ddb.describeTable(r -> r.tableName(od)).table().warmThroughput().readUnitsPerSecond());
        assertEquals("payments", ddb.listTagsOfResource(r -> r.resourceArn(
                "arn:aws:dynamodb:us-east-1:123456789012:table/" + od)).tags().get(0).value());
    }

    @Test
    void applicationAutoScalingForDynamoDb() {
        ApplicationAutoScalingClient aas = aws.autoScaling();
        String table = Tables.unique("aas");
        String tableId = "table/" + table;
        String indexId = tableId + "/index/gsi1";
        aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(tableId)
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(100));
        aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(indexId)
                .scalableDimension(ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS).minCapacity(5).maxCapacity(50));
        for (String id : List.of(tableId, indexId)) {
            ScalableDimension d = id.equals(tableId) ? ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS
                    : ScalableDimension.DYNAMODB_INDEX_READ_CAPACITY_UNITS;
            aas.putScalingPolicy(r -> r.policyName("read-" + id.replace('/', '_')).serviceNamespace(ServiceNamespace.DYNAMODB)
                    .resourceId(id).scalableDimension(d).policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0).scaleInCooldown(60)
                            .scaleOutCooldown(30).disableScaleIn(true)
                            .predefinedMetricSpecification(p -> p.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
        }
        // re-registering updates Min/Max
        aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(tableId)
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).maxCapacity(200));
        List<ScalableTarget> targets = aas.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds(tableId)).scalableTargets();
        assertEquals(1, targets.size());
        assertEquals(5, targets.get(0).minCapacity());
        assertEquals(200, targets.get(0).maxCapacity());

        List<ScalingPolicy> forTable = aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(tableId)).scalingPolicies();
        assertEquals(1, forTable.size());
        ScalingPolicy p = forTable.get(0);
        assertEquals(70.0, p.targetTrackingScalingPolicyConfiguration().targetValue());
        assertEquals(60, p.targetTrackingScalingPolicyConfiguration().scaleInCooldown());
        assertEquals(30, p.targetTrackingScalingPolicyConfiguration().scaleOutCooldown());
        assertTrue(p.targetTrackingScalingPolicyConfiguration().disableScaleIn());
        assertEquals(4, p.alarms().size()); // moto creates TargetTracking-table/... alarms

        // moto alone matches ResourceId by substring (the table's policy shows up for the index); corrected here
        List<ScalingPolicy> forIndex = aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(indexId)).scalingPolicies();
        assertEquals(List.of(indexId), forIndex.stream().map(ScalingPolicy::resourceId).toList());
        // moto alone ignores PolicyNames; corrected here
        assertTrue(aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(tableId).policyNames("nope")).scalingPolicies().isEmpty());

        // same PolicyName updates the policy (moto gives it a new ARN; AWS keeps it)
        aas.putScalingPolicy(r -> r.policyName(p.policyName()).serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(tableId).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
                .policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)
                        .predefinedMetricSpecification(x -> x.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
        List<ScalingPolicy> after = aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(tableId)).scalingPolicies();
        assertEquals(1, after.size());
        assertEquals(50.0, after.get(0).targetTrackingScalingPolicyConfiguration().targetValue());
        assertNull(after.get(0).targetTrackingScalingPolicyConfiguration().scaleInCooldown());
        assertNotEquals(p.policyARN(), after.get(0).policyARN());

        // moto accepts a policy for a target that was never registered (AWS: ObjectNotFoundException)
        aas.putScalingPolicy(r -> r.policyName("ghost").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId("table/" + Tables.unique("ghost")).scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS)
                .policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)
                        .predefinedMetricSpecification(x -> x.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION))));
    }

    @Test
    void snsJsonStructureToSqsAndSubjectChecks() {
        SnsClient sns = aws.sns();
        SqsClient sqs = aws.sqs();
        String topic = sns.createTopic(r -> r.name(Tables.unique("topic"))).topicArn();
        String envelopeQ = sqs.createQueue(r -> r.queueName(Tables.unique("env"))).queueUrl();
        String rawQ = sqs.createQueue(r -> r.queueName(Tables.unique("raw"))).queueUrl();
        for (String q : List.of(envelopeQ, rawQ)) {
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(q).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(arn)
                    .attributes(q.equals(rawQ) ? Map.of("RawMessageDelivery", "true") : Map.of()));
        }
        sns.publish(r -> r.topicArn(topic).messageStructure("json").subject("Throttling on orders")
                .message("{\"default\":\"D\",\"sqs\":\"S\",\"email\":\"E\"}"));
        String envelope = sqs.receiveMessage(r -> r.queueUrl(envelopeQ)).messages().get(0).body();
        assertTrue(envelope.contains("\"Message\": \"S\""), envelope);          // the "sqs" key wins
        assertTrue(envelope.contains("\"Subject\": \"Throttling on orders\""), envelope);
        assertTrue(envelope.contains("\"Type\": \"Notification\""), envelope);
        assertEquals("S", sqs.receiveMessage(r -> r.queueUrl(rawQ)).messages().get(0).body()); // raw: just the text

        sns.publish(r -> r.topicArn(topic).messageStructure("json").message("{\"default\":\"only default\"}"));
        assertEquals("only default", sqs.receiveMessage(r -> r.queueUrl(rawQ)).messages().get(0).body());

        // checks AWS makes and moto skips (added by local_aws.py)
        assertThrows(InvalidParameterException.class, () -> sns.publish(r -> r.topicArn(topic)
                .messageStructure("json").message("{\"sqs\":\"S\"}")));
        assertThrows(InvalidParameterException.class, () -> sns.publish(r -> r.topicArn(topic).message("m")
                .subject("two\nlines")));
        // moto's own: more than 100 characters
        assertThrows(InvalidParameterException.class, () -> sns.publish(r -> r.topicArn(topic).message("m")
                .subject("x".repeat(101))));
        assertNotNull(sns.publish(r -> r.topicArn(topic).message("m").subject("x".repeat(100))).messageId());
        assertFalse(sqs.receiveMessage(r -> r.queueUrl(rawQ)).messages().isEmpty());
    }
}
