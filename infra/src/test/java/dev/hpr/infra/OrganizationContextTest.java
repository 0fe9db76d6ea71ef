package dev.hpr.infra;

import dev.hpr.remediator.core.model.Protection;
import dev.hpr.remediator.core.model.RemediationMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import org.junit.jupiter.api.Test;

/** The organisation's context keys: what each reaches, the defaults, and messages that name the key and the value. */
class OrganizationContextTest {

    /** The README's StackSet deploy, with nothing but the required keys. */
    private static final Map<String, Object> REQUIRED = Map.of(
            "deployment", "organization",
            "organizationId", "o-exampleorgid",
            "organizationalUnitIds", "ou-ab12-11111111",
            "regions", "us-east-1,eu-west-1",
            "codeBucketPrefix", "acme-hpr-code",
            "hubTopicArn", "arn:aws:sns:us-east-1:111122223333:HotPartitionRemediatorHub-HubFindingsTopic-ABC",
            "hubKeyArn", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");

    private static AppContext context(Map<String, Object> context) {
        return new AppContext(context::get);
    }

    private static Map<String, Object> with(String key, Object value) {
        var map = new HashMap<String, Object>(REQUIRED);
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
        return map;
    }

    private static String error(Map<String, Object> context) {
        return assertThrows(IllegalArgumentException.class, () -> context(context).stackSetProps()).getMessage();
    }

    @Test
    void deployment_isOneAccount_unlessTheKeySaysOrganization() {
        assertEquals(Deployment.ACCOUNT, context(Map.of("tables", "orders")).deployment());
        assertEquals(Deployment.ORGANIZATION, context(REQUIRED).deployment());
        assertEquals("context key 'deployment': bad value 'org' (expected account or organization)",
                assertThrows(IllegalArgumentException.class, () -> context(Map.of("deployment", "org")).deployment())
                        .getMessage());
    }

    @Test
    void requiredKeys_giveTheStackSetItsTargetsCodeAndHub_withSafeDefaults() {
        OrganizationStackSetProps props = context(REQUIRED).stackSetProps();

        assertEquals("o-exampleorgid", props.organizationId());
        assertEquals(List.of("ou-ab12-11111111"), props.organizationalUnitIds());
        assertEquals(List.of("us-east-1", "eu-west-1"), props.regions());
        assertEquals("acme-hpr-code-eu-west-1", props.codeBucket("eu-west-1"));
        assertEquals(Optional.empty(), props.hubApprovalRoleArn());
        assertEquals(OrganizationStackSetProps.CallAs.SELF, props.callAs());
        assertTrue(props.autoDeployment());
        assertEquals(false, props.retainStacksOnAccountRemoval());
        assertEquals(Optional.of(25), props.maxConcurrentPercentage());
        assertEquals(Optional.empty(), props.maxConcurrentCount());
        assertEquals(Optional.of(10), props.failureTolerancePercentage());
        assertEquals(OrganizationStackSetProps.ConcurrencyMode.SOFT_FAILURE_TOLERANCE, props.concurrencyMode());
        assertEquals(OrganizationStackSetProps.RegionConcurrency.SEQUENTIAL, props.regionConcurrency());
        assertEquals(props.regions(), props.regionOrder());
        assertEquals("hot-partition-remediator", props.stackSetName());
        assertEquals("hot-partition-remediator", props.memberFunctionName());
    }

    @Test
    void everyStackSetKey_reachesItsProp() {
        var map = new HashMap<String, Object>(REQUIRED);
        map.putAll(Map.of("hubApprovalRoleArn", "arn:aws:iam::111122223333:role/hub-slack", "callAs", "DELEGATED_ADMIN",
                "autoDeployment", "true", "retainStacksOnAccountRemoval", "true", "maxConcurrentCount", "4",
                "failureTolerancePercentage", "0", "concurrencyMode", "STRICT_FAILURE_TOLERANCE",
                "regionConcurrency", "PARALLEL", "regionOrder", "eu-west-1,us-east-1", "stackSetName", "hpr-prod"));
        map.put("memberFunctionName", "hpr-prod");
        OrganizationStackSetProps props = context(map).stackSetProps();

        assertEquals(Optional.of("arn:aws:iam::111122223333:role/hub-slack"), props.hubApprovalRoleArn());
        assertEquals(OrganizationStackSetProps.CallAs.DELEGATED_ADMIN, props.callAs());
        assertTrue(props.retainStacksOnAccountRemoval());
        assertEquals(Optional.of(4), props.maxConcurrentCount());
        assertEquals(Optional.empty(), props.maxConcurrentPercentage(), "a count replaces the default percentage");
        assertEquals(Optional.of(0), props.failureTolerancePercentage());
        assertEquals(OrganizationStackSetProps.ConcurrencyMode.STRICT_FAILURE_TOLERANCE, props.concurrencyMode());
        assertEquals(OrganizationStackSetProps.RegionConcurrency.PARALLEL, props.regionConcurrency());
        assertEquals(List.of("eu-west-1", "us-east-1"), props.regionOrder());
        assertEquals("hpr-prod", props.stackSetName());
        assertEquals("hpr-prod", props.memberFunctionName());
        assertEquals("hpr-prod", context(map).hubProps().memberFunctionName(), "the hub allows the same name");
    }

    @Test
    void missingKeys_areNamed_withWhereTheValueComesFrom() {
        assertEquals("context key 'regions' is required with deployment=organization: the regions every account gets"
                + " the remediator in, e.g. us-east-1,eu-west-1", error(with("regions", null)));
        assertTrue(error(with("hubTopicArn", null)).startsWith("context key 'hubTopicArn' is required with"
                + " deployment=organization: the hub stack's output FindingsTopicArn"));
        assertTrue(error(with("hubKeyArn", null)).startsWith("context key 'hubKeyArn' is required"));
        assertTrue(error(with("codeBucketPrefix", null)).startsWith("context key 'codeBucketPrefix' is required"));
        assertTrue(error(with("organizationId", null)).startsWith("context key 'organizationId' is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> context(Map.of("deployment", "organization"))
                .hubProps()).getMessage().startsWith("context key 'organizationId' is required"));
    }

    @Test
    void badValues_nameTheKeyAndTheValue() {
        assertEquals("organizationalUnitIds must be an organisational unit ID (ou-xxxx-yyyyyyyy) or a root ID (r-xxxx),"
                + " got 'sales'", error(with("organizationalUnitIds", "ou-ab12-11111111,sales")));
        assertEquals("organizationId must be an AWS Organizations ID (o- and 10-32 of a-z, 0-9), got 'o-short'",
                error(with("organizationId", "o-short")));
        assertEquals("regions must be a region name such as us-east-1, got 'Europe'", error(with("regions", "Europe")));
        assertEquals("regions lists 'us-east-1' twice", error(with("regions", "us-east-1,us-east-1")));
        assertTrue(error(with("hubTopicArn", "hub-findings")).startsWith("hubTopicArn must be an SNS topic ARN"));
        assertTrue(error(with("hubKeyArn", "alias/hub")).startsWith("hubKeyArn must be a KMS key ARN"));
        assertTrue(error(with("hubApprovalRoleArn", "hub-slack")).startsWith("hubApprovalRoleArn must be an IAM role"));
        assertEquals("context key 'callAs': bad value 'ADMIN' (expected one of SELF | DELEGATED_ADMIN)",
                error(with("callAs", "ADMIN")));
        assertEquals("context key 'regionConcurrency': bad value 'parallel' (expected one of SEQUENTIAL | PARALLEL)",
                error(with("regionConcurrency", "parallel")));
        var both = new HashMap<String, Object>(REQUIRED);
        both.putAll(Map.of("maxConcurrentPercentage", "20", "maxConcurrentCount", "3"));
        assertEquals("give maxConcurrentPercentage or maxConcurrentCount, not both (got 20% and 3)", error(both));
        assertEquals("maxConcurrentPercentage must be within 1-100, got 0", error(with("maxConcurrentPercentage", "0")));
        assertEquals("failureTolerancePercentage must be within 0-100, got 101",
                error(with("failureTolerancePercentage", "101")));
        assertEquals("regionOrder must list exactly the regions [us-east-1, eu-west-1], got [eu-west-1]",
                error(with("regionOrder", "eu-west-1")));
        String longPrefix = "a".repeat(55);
        assertEquals("codeBucketPrefix: the code bucket of us-east-1 would be '" + longPrefix + "-us-east-1', 65"
                + " characters; S3 allows 63: shorten the prefix", error(with("codeBucketPrefix", longPrefix)));
        assertEquals("codeBucketPrefix must be the start of an S3 bucket name (a-z, 0-9, '-'), got 'Acme_Code'",
                error(with("codeBucketPrefix", "Acme_Code")));
        var noAuto = new HashMap<String, Object>(REQUIRED);
        noAuto.putAll(Map.of("autoDeployment", "false", "retainStacksOnAccountRemoval", "true"));
        assertTrue(error(noAuto).startsWith("retainStacksOnAccountRemoval applies only with autoDeployment"));
    }

    @Test
    void members_protectTaggedTables_withTheRemediationKeys_andRefuseTheSingleAccountOnes() {
        var props = context(with("mode", "apply")).memberProps().build();
        assertEquals(Protection.TAGGED, props.protection());
        assertEquals(RemediationMode.APPLY, props.mode());
        assertEquals(List.of(), props.tableNames());
        assertEquals(List.of(), props.emailSubscribers(), "email goes to the hub");
        for (String key : List.of("tables", "protection", "indexAlarms", "topicArn", "stackName")) {
            var error = assertThrows(IllegalArgumentException.class, () -> context(with(key, "x")).memberProps());
            assertTrue(error.getMessage().startsWith("context key '" + key + "' does not apply to"
                    + " deployment=organization"), error.getMessage());
        }
    }

    @Test
    void hub_takesEmailAndSlack_fromTheSameKeysAsOneAccount() {
        var hub = context(Map.of("deployment", "organization", "organizationId", "o-exampleorgid",
                "email", "a@example.com,b@example.com", "slackWorkspaceId", "T0123ABCD", "slackChannelId", "C0123ABCD"))
                .hubProps();
        assertEquals(List.of("a@example.com", "b@example.com"), hub.emailSubscribers());
        assertEquals("C0123ABCD", hub.slack().orElseThrow().channelId());
        var half = assertThrows(IllegalArgumentException.class, () -> context(Map.of("organizationId", "o-exampleorgid",
                "slackWorkspaceId", "T0123ABCD")).hubProps());
        assertTrue(half.getMessage().startsWith("context key 'slackChannelId' is required"), half.getMessage());
    }
}
