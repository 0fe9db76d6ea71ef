package dev.hpr.remediator.core.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * The hot-key-toolkit classes a recommendation names for the application's code, and how many shards, key
 * suffixes or read replicas to give them, sized from the hot key's measured demand ({@link HotKeyDemand#shardPlan}).
 *
 * @param classes  the toolkit classes to use, the main one first
 * @param counted  what the count is a count of
 */
public record CodeFix(List<ToolkitClass> classes, Counted counted, HotKeyDemand demand) {

    /** A class of the hot-key toolkit (module {@code hot-key-toolkit/}), which this module does not depend on. */
    public enum ToolkitClass {
        SHARDED_KEY("ShardedKey"),
        SCATTER_GATHER("ScatterGather"),
        TIME_BUCKETS("TimeBuckets"),
        HOT_KEY_CACHE("HotKeyCache"),
        READ_REPLICAS("ReadReplicas");

        public static final String PACKAGE = "dev.hpr.toolkit";

        private final String simpleName;

        ToolkitClass(String simpleName) {
            this.simpleName = simpleName;
        }

        public String simpleName() {
            return simpleName;
        }

        public String qualifiedName() {
            return PACKAGE + "." + simpleName;
        }
    }

    /** What the count counts, as the recommendation words it. */
    public enum Counted {
        SHARDS("shards"),
        SUFFIXES("suffixes"),
        SHARDS_PER_BUCKET("shards per bucket"),
        READ_REPLICAS("replicas");

        private final String words;

        Counted(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public CodeFix {
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a code fix names at least one toolkit class");
        }
        Objects.requireNonNull(counted, "counted");
        Objects.requireNonNull(demand, "demand");
    }

    public ShardPlan plan() {
        return demand.shardPlan();
    }
}
