package dev.hpr.remediator.core.model;

/** {@code BillingModeSummary.BillingMode}; a table without the summary is PROVISIONED. */
public enum BillingMode {
    PROVISIONED,
    PAY_PER_REQUEST
}
