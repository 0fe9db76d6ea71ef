package dev.hpr.remediator.core;

import dev.hpr.remediator.core.diagnosis.CodeFix;
import dev.hpr.remediator.core.diagnosis.ShardPlan;
import dev.hpr.remediator.core.model.OperationType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.ShardCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ShardPlanTest {

    static List<ShardCounts.Row> sharedTable() {
        return ShardCounts.rows();
    }

    /** The toolkit's ShardCountTest reads the same rows: the count a finding names is the count ShardCount gives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedTable")
    void count_isTheToolkitsShardCount_onTheSharedTable(ShardCounts.Row row) {
        var plan = new ShardPlan(row.isRead() ? OperationType.READ : OperationType.WRITE, row.unitsPerSecond());

        assertEquals(row.count(), plan.count(), row.toString());
    }

    @Test
    void count_isTheRateOverHalfAPartition_roundedUp() {
        assertEquals(2, new ShardPlan(OperationType.WRITE, 1_000).count(), "1,000 / 500 = 2 exactly");
        assertEquals(3, new ShardPlan(OperationType.WRITE, 1_000.001).count(), "just over two halves");
        assertEquals(2, new ShardPlan(OperationType.READ, 3_000).count(), "3,000 / 1,500 = 2 exactly");
        assertEquals(3, new ShardPlan(OperationType.READ, 3_000.001).count());
    }

    @Test
    void count_isAtLeastTwo_evenWithNoRate() {
        assertEquals(2, new ShardPlan(OperationType.WRITE, 0).count());
        assertEquals(2, new ShardPlan(OperationType.READ, 1).count());
    }

    @Test
    void count_isAtMostOneHundred_andSaysWhenTheRateAskedForMore() {
        var atTheMaximum = new ShardPlan(OperationType.WRITE, 50_000);
        var beyond = new ShardPlan(OperationType.WRITE, 50_000.01);

        assertEquals(100, atTheMaximum.count());
        assertFalse(atTheMaximum.atMaximum(), "100 shards is what 50,000 WCU/s asks for");
        assertEquals(100, beyond.count());
        assertTrue(beyond.atMaximum());
        assertEquals(101, beyond.unclamped());
    }

    @Test
    void limits_areOnePartitions_inTheOperationsUnits() {
        assertEquals(1_000, new ShardPlan(OperationType.WRITE, 0).unitsPerPartition());
        assertEquals("WCU", new ShardPlan(OperationType.WRITE, 0).unitName());
        assertEquals(3_000, new ShardPlan(OperationType.READ, 0).unitsPerPartition());
        assertEquals("RCU", new ShardPlan(OperationType.READ, 0).unitName());
    }

    @Test
    void rejectsARateThatIsNotARate() {
        assertThrows(IllegalArgumentException.class, () -> new ShardPlan(OperationType.WRITE, -1));
        assertThrows(IllegalArgumentException.class, () -> new ShardPlan(OperationType.WRITE, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ShardPlan(OperationType.READ, Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest
    @EnumSource(CodeFix.ToolkitClass.class)
    void everyToolkitClassAFindingNames_isInTheToolkit(CodeFix.ToolkitClass toolkitClass) {
        Path source = toolkitSource(toolkitClass.simpleName());

        assertTrue(Files.isRegularFile(source), toolkitClass.qualifiedName() + " not found at " + source);
    }

    @Test
    void theToolkitMethodsARecommendationQuotes_exist() throws IOException {
        assertTrue(Files.readString(toolkitSource("ShardedKey")).contains("public ShardedKey onIndex(String index)"));
        String shardCount = Files.readString(toolkitSource("ShardCount"));
        assertTrue(shardCount.contains("public static int forWrites(double unitsPerSecond)"));
        assertTrue(shardCount.contains("public static int forReads(double unitsPerSecond)"));
    }

    private static Path toolkitSource(String simpleName) {
        Path root = Path.of(System.getProperty("hpr.repoRoot", "..")).toAbsolutePath().normalize();
        return root.resolve("hot-key-toolkit/src/main/java/" + CodeFix.ToolkitClass.PACKAGE.replace('.', '/'))
                .resolve(simpleName + ".java");
    }
}
