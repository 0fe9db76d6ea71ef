package dev.hpr.remediator.perf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hpr.testfixtures.LocalAws;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's cost goal on the bill {@code ./benchmark.sh} prints (computed from the metrics the sweeps requested at
 * the local AWS and CloudWatch's prices): the tagged design at 200 tables costs under $30 a month, and at least 5 times
 * less than the listed design, comparing the tagged design's worst reading with the listed design's best.
 */
class MonthlyBillTest {

    @Test
    void tagged_at200Tables_isUnder30Dollars_and5TimesCheaperThanListed() throws Exception {
        try (LocalAws aws = LocalAws.start()) {
            var totals = MonthlyBill.run(aws);
            double tagged = totals.get("tagged 200")[1];
            double listed = totals.get("listed 200")[0];
            assertTrue(tagged < 30, "tagged, 200 tables, at most $" + tagged);
            assertTrue(listed >= 5 * tagged, "listed $" + listed + " against tagged $" + tagged);
        }
    }
}
