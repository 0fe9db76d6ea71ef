package dev.hpr.infra;

import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;

/**
 * Another team's CDK app: no cdk.json of ours (no feature flags), its own table defined in the same stack (its
 * name a token), encrypted with its own key, with a GSI to alarm on, and a table given by name. It turns revert,
 * the fleet sweep and the forecast's schedule off, lets the state table go with the stack and gives the function two minutes.
 */
class FreshAppTest {

    private static Stack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = new Stack(app, "TheirService");
        Table orders = Table.Builder.create(stack, "Orders")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PROVISIONED)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        orders.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("byCustomer")
                .partitionKey(Attribute.builder().name("customer").type(AttributeType.STRING).build())
                .build());

        new HotPartitionRemediator(stack, "HotPartitions", HotPartitionRemediatorProps.builder()
                .tables(List.of(orders))
                .tableNames(List.of("sessions"))
                .indexAlarms(Map.of(orders.getTableName(), List.of("byCustomer")))
                .mode(RemediationMode.APPLY)
                .revert(false)
                .fleetSweep(false)
                .forecastScheduleEnabled(false)
                .stateTableRemovalPolicy(RemovalPolicy.DESTROY)
                .timeout(Duration.minutes(2))
                .build());

        Aspects.of(app).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
    }

    @Test
    void alarm_queriesTheTablesOwnName() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", List.of(Match.objectLike(Map.of(
                "Period", 60,
                "Expression", Map.of("Fn::Join", List.of("", List.of(
                        "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", TableName, Operation) WHERE TableName = '",
                        Map.of("Ref", Match.stringLikeRegexp("Orders.*")),
                        "'"))))))));
    }

    @Test
    void function_andAlarms_areThere() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REMEDIATION_MODE", "apply")))));
        // orders, sessions, orders/byCustomer, the queue, the function's Errors and ActionsFailed
        template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
        template.resourceCountIs("AWS::Lambda::Permission", 3);
    }

    @Test
    void protectedTables_listsTheTableDefinedHere_andTheOneGivenByName() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("PROTECTED_TABLES", Map.of("Fn::Join", List.of("", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("Orders.*")), ",sessions"))))))));
    }

    @Test
    void revertSweepAndForecastScheduleOff_meanNoSchedule_andRevertDisabledInTheFunction() {
        template.resourceCountIs("AWS::Events::Rule", 0);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REVERT_ENABLED", "false")))));
    }

    @Test
    void lockSeconds_isTheTimeoutPlusAMinute() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Timeout", 120,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("LOCK_SECONDS", "180")))));
    }

    @Test
    void stateTable_goesWithTheStack_whenAskedTo() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("TimeToLiveSpecification",
                        Map.of("AttributeName", "expiresAt", "Enabled", true)))));
    }

    @Test
    void contributorInsights_mayDecryptWithTheTablesKey() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "ProtectedTableKeys",
                        "Action", "kms:Decrypt",
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("OrdersKey.*"), "Arn")))))))));
    }

    @Test
    void theConstruct_isCleanUnderCdkNag_inSomeoneElsesApp() {
        var annotations = Annotations.fromStack(stack);
        assertEquals(List.of(), annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList());
        assertEquals(List.of(), annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData()).toList());
    }
}
