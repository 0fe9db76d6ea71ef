package dev.hpr.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hpr.testfixtures.ShardCounts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShardCountTest {

    @Test
    void writes_divideTheRateByHalfAPartition_roundingUp() {
        assertEquals(4, ShardCount.forWrites(1_800)); // 1,800 / (1,000 × 0.5) = 3.6
        assertEquals(4, ShardCount.forWrites(2_000)); // exactly 4
        assertEquals(5, ShardCount.forWrites(2_001));
    }

    @Test
    void reads_useTheReadLimit() {
        assertEquals(6, ShardCount.forReads(9_000)); // 9,000 / 1,500
    }

    @Test
    void atLeastTwo_atMostTheMax() {
        assertEquals(2, ShardCount.forWrites(0));
        assertEquals(2, ShardCount.forWrites(10));
        assertEquals(ShardCount.DEFAULT_MAX, ShardCount.forWrites(1_000_000));
        assertEquals(16, ShardCount.of(1_000_000, 1_000, 0.5, 16));
    }

    @Test
    void headroom_isTheShareOfAPartitionEachShardUses() {
        assertEquals(8, ShardCount.of(2_000, 1_000, 0.25, 100));
        assertEquals(2, ShardCount.of(2_000, 1_000, 1.0, 100));
    }

    static List<ShardCounts.Row> sharedTable() {
        return ShardCounts.rows();
    }

    /** The remediator's ShardPlan is pinned to the same rows: the counts a finding names are what this class gives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedTable")
    void givesTheCountsOfTheTableSharedWithTheRemediator(ShardCounts.Row row) {
        int count = row.isRead() ? ShardCount.forReads(row.unitsPerSecond()) : ShardCount.forWrites(row.unitsPerSecond());

        assertEquals(row.count(), count, row.toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ShardCount.forWrites(-1));
        assertThrows(IllegalArgumentException.class, () -> ShardCount.forWrites(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ShardCount.forWrites(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> ShardCount.of(10, 1_000, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> ShardCount.of(10, 1_000, 1.5, 100));
        assertThrows(IllegalArgumentException.class, () -> ShardCount.of(10, 1_000, 0.5, 1));
    }
}
