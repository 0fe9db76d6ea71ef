package dev.hpr.toolkit;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A write counter per key, striped so that memory stays fixed: a write advances its key's stripe. Keys that share
 * a stripe only cost each other a cache fill now and then, never a stale value.
 */
final class WriteGenerations {
    private static final int STRIPES = 4096;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

    long current(Object key) {
        return stripes.get(stripe(key));
    }

    void advance(Object key) {
        stripes.incrementAndGet(stripe(key));
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
