package dev.hpr.remediator.aws;

import dev.hpr.remediator.core.model.TableDescription;
import dev.hpr.remediator.core.model.TaggedTable;
import dev.hpr.remediator.iam.IamPermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * Every DynamoDB table of the region that carries the {@value TableDescription#MODE_TAG} tag, whatever its value, with
 * all its tags: Resource Groups Tagging API {@code GetResources}, {@value #PER_PAGE} tables a call (the API's most;
 * Resource Groups Tagging API Reference, GetResources: ResourcesPerPage 1-100). The last page's
 * {@code PaginationToken} is empty, not absent (as AWS sends it). Tagged protection's sweep calls it once per sweep:
 * a table tagged since the last sweep is in the next one.
 */
public final class TaggedTables {

    /**
     * GetResources has no resource types (Service Authorization Reference, Resource Groups Tagging API); only tagged
     * protection calls it.
     */
    public static final List<IamPermission> PERMISSIONS = List.of(
            new IamPermission("tag:GetResources", IamPermission.Scope.TABLES_BY_TAG));

    static final int PER_PAGE = 100;

    private final Supplier<ResourceGroupsTaggingApiClient> tagging;

    public TaggedTables(Supplier<ResourceGroupsTaggingApiClient> tagging) {
        this.tagging = tagging;
    }

    /** Primes GetResources (SnapStart): stopped before it is sent. */
    public void prime(Priming priming) {
        priming.request("tag:GetResources", this::list, GetResourcesResponse::builder);
    }

    /** The tables with the tag (any value), in the API's order. */
    public List<TaggedTable> list() {
        var tables = new ArrayList<TaggedTable>();
        String token = "";
        do {
            String page = token;
            GetResourcesResponse r;
            try {
                r = tagging.get().getResources(b -> b.resourceTypeFilters("dynamodb:table")
                        .tagFilters(f -> f.key(TableDescription.MODE_TAG))
                        .resourcesPerPage(PER_PAGE)
                        .paginationToken(page.isEmpty() ? null : page));
            } catch (RuntimeException e) {
                throw AwsCallFailed.of("tag:GetResources", e);
            }
            for (ResourceTagMapping m : r.resourceTagMappingList()) {
                var tags = new LinkedHashMap<String, String>();
                m.tags().forEach(t -> tags.put(t.key(), t.value()));
                tables.add(TaggedTable.of(m.resourceARN(), tags));
            }
            token = r.paginationToken() == null ? "" : r.paginationToken();
        } while (!token.isEmpty());
        return tables;
    }
}
