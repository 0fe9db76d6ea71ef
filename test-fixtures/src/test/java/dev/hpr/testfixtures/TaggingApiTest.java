package dev.hpr.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesRequest;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.InvalidParameterException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * Resource Groups Tagging API GetResources for DynamoDB tables through the real SDK (JSON 1.1, signing name
 * {@code tagging}): README.md "Resource Groups Tagging API". Tag keys are unique per test, so the shared local AWS's
 * other tagged tables never match.
 */
class TaggingApiTest {
    private final LocalAws aws = LocalAws.shared();
    private final DynamoDbClient ddb = aws.dynamoDb();
    private final ResourceGroupsTaggingApiClient tagging = aws.tagging();

    private String table(Map<String, String> tags) {
        String name = Tables.unique("tag");
        ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        return name;
    }

    private static String arn(String table) {
        return "arn:aws:dynamodb:us-east-1:123456789012:table/" + table;
    }

    private static TagFilter filter(String key, String... values) {
        return TagFilter.builder().key(key).values(values).build();
    }

    /** Every page's resources, ARN -> {key: value}, through the SDK's paginator. */
    private Map<String, Map<String, String>> all(TagFilter... filters) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        tagging.getResourcesPaginator(r -> r.resourceTypeFilters("dynamodb:table").tagFilters(filters))
                .resourceTagMappingList().forEach(m -> out.put(m.resourceARN(), tags(m)));
        return out;
    }

    private static Map<String, String> tags(ResourceTagMapping m) {
        Map<String, String> tags = new LinkedHashMap<>();
        m.tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    @Test
    void tablesTaggedAtCreationOrLaterAreFoundWithTheirTagsByFilter() {
        String key = Tables.unique("hpr-fleet");
        String blue = table(Map.of(key, "blue", "team", "payments"));
        String later = table(Map.of());
        ddb.tagResource(r -> r.resourceArn(arn(later)).tags(Tag.builder().key(key).value("green").build()));
        String untagged = table(Map.of());
        String otherKey = table(Map.of("team", "payments"));

        Map<String, Map<String, String>> byKey = all(filter(key));
        assertEquals(List.of(arn(blue), arn(later)).stream().sorted().toList(), List.copyOf(byKey.keySet()));
        assertEquals(Map.of(key, "blue", "team", "payments"), byKey.get(arn(blue)));
        assertFalse(byKey.containsKey(arn(untagged)) || byKey.containsKey(arn(otherKey)));
        assertEquals(List.of(arn(blue)), List.copyOf(all(filter(key, "blue")).keySet()));          // value
        assertEquals(2, all(filter(key, "blue", "green")).size());                                   // values: any
        assertEquals(List.of(arn(blue)), List.copyOf(all(filter(key), filter("team")).keySet()));    // filters: all

        ddb.untagResource(r -> r.resourceArn(arn(later)).tagKeys(key));
        assertEquals(List.of(arn(blue)), List.copyOf(all(filter(key)).keySet()));
    }

    @Test
    void pagesOfResourcesPerPageEndWithAnEmptyToken() {
        String key = Tables.unique("hpr-page");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arns.add(arn(table(Map.of(key, "v" + i))));
        }
        aws.resetCalls();
        List<Integer> sizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String current = token;
            GetResourcesResponse page = tagging.getResources(r -> r.resourceTypeFilters("dynamodb:table")
                    .tagFilters(filter(key)).resourcesPerPage(2).paginationToken(current));
            sizes.add(page.resourceTagMappingList().size());
            page.resourceTagMappingList().forEach(m -> seen.add(m.resourceARN()));
            token = page.paginationToken();
        } while (!token.isEmpty()); // AWS ends with "", not null: a loop on `token != null` never ends
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(arns.stream().sorted().toList(), seen.stream().sorted().toList());
        assertEquals(3L, aws.calls("tagging:GetResources"));

        for (int perPage : new int[] {0, 101}) {
            assertThrows(InvalidParameterException.class, () -> tagging.getResources(GetResourcesRequest.builder()
                    .resourceTypeFilters("dynamodb:table").resourcesPerPage(perPage).build()));
        }
        assertThrows(InvalidParameterException.class, () -> tagging.getResources(r -> r
                .resourceARNList(arns.get(0)).tagFilters(filter(key))));
    }

    @Test
    void previouslyTaggedTablesComeBackWithNoTagsOnlyWithoutTagFilters() {
        String key = Tables.unique("hpr-prev");
        String table = table(Map.of(key, "x"));
        ddb.untagResource(r -> r.resourceArn(arn(table)).tagKeys(key));
        Map<String, Map<String, String>> everything = all();
        assertTrue(everything.containsKey(arn(table)), "AWS lists tables that ever had a tag, with \"Tags\": []");
        assertEquals(Map.of(), everything.get(arn(table)));
        assertFalse(all(filter(key)).containsKey(arn(table)));
        ddb.deleteTable(r -> r.tableName(table));
        assertFalse(all().containsKey(arn(table)));
    }
}
