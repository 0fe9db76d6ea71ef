package dev.hpr.remediator.core.state;

import java.time.Duration;
import java.time.Instant;

/** One invocation at a time per table: a lock with an expiry that outlives the function's timeout. */
public interface TableLocks {

    /**
     * Takes the table's lock unless another owner holds an unexpired one.
     *
     * @return whether this owner now holds it
     */
    boolean tryLock(String table, String owner, Instant now, Duration expiry);

    /** Releases the lock if this owner holds it. */
    void unlock(String table, String owner);
}
