package dev.hpr.toolkit;

/** One item's primary key, normalised so that two spellings of one DynamoDB key are equal. */
record ItemKey(String partition, String sort) {
}
