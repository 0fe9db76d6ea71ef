package dev.hpr.remediator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.GetInsightRuleReportResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** SnapStart priming builds each response an adapter reads, every nested shape present, from the SDK model alone. */
class ResponseShapesTest {

    @Test
    void build_givesEveryNestedStructureAndListMember_eachOnce() {
        var response = (DescribeTableResponse) ResponseShapes.build(DescribeTableResponse.builder());

        assertNotNull(response.table().provisionedThroughput());
        assertNotNull(response.table().billingModeSummary());
        assertEquals(1, response.table().globalSecondaryIndexes().size());
        assertEquals(1, response.table().localSecondaryIndexes().size());
        assertNotNull(response.table().localSecondaryIndexes().get(0).projection(), "Projection: built once, here");
        assertNull(response.table().globalSecondaryIndexes().get(0).projection(), "and not again");
    }

    @Test
    void build_givesMapValues_andStopsAtARecursiveShape() {
        var response = (GetItemResponse) ResponseShapes.build(GetItemResponse.builder());

        AttributeValue value = response.item().get("priming");
        assertNotNull(value, "the item map holds one AttributeValue");
        assertEquals(0, value.m().size(), "AttributeValue holds AttributeValues: built once, not again inside itself");
    }

    @Test
    void build_readsQueryProtocolShapesToo() {
        var response = (GetInsightRuleReportResponse) ResponseShapes.build(GetInsightRuleReportResponse.builder());

        assertEquals(1, response.contributors().size());
        assertEquals(1, response.contributors().get(0).datapoints().size());
    }
}
