package dev.hpr.remediator.core.model;

/**
 * Read and write units: provisioned capacity units, or on-demand maximum request units, where a value
 * of -1 (AWS's convention) or 0 means "no value set".
 */
public record Capacity(long readUnits, long writeUnits) {

    public long of(OperationType operation) {
        return switch (operation) {
            case READ -> readUnits;
            case WRITE -> writeUnits;
        };
    }

    public boolean isSet(OperationType operation) {
        return of(operation) > 0;
    }
}
