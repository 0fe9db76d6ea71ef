package dev.hpr.remediator.finding;

import java.util.List;
import java.util.Locale;

/**
 * How much of a finding is rendered. {@link FindingRenderer} starts at {@link #FULL} and steps down until the whole
 * SNS message fits under SNS's 256 KB limit; every level below {@code FULL} adds a caveat that says what was cut.
 * {@link #SKELETON} bounds every list and every string, so its message fits whatever the finding holds.
 */
enum Detail {
    FULL(/* keysPerRule= */ 10, /* itemsPerList= */ Integer.MAX_VALUE, /* textChars= */ Integer.MAX_VALUE,
            /* chatDescriptionChars= */ 8_000),
    REDUCED(3, 25, 1_000, 6_000),
    MINIMAL(1, 5, 300, 4_000),
    SKELETON(0, 3, 120, 3_000);

    /** Names (tables, indexes, rules, ARNs) are cut only at the lowest levels, and never below this. */
    private static final int MIN_NAME_CHARS = 255;

    final int keysPerRule;
    final int itemsPerList;
    final int textChars;
    final int chatDescriptionChars;

    Detail(int keysPerRule, int itemsPerList, int textChars, int chatDescriptionChars) {
        this.keysPerRule = keysPerRule;
        this.itemsPerList = itemsPerList;
        this.textChars = textChars;
        this.chatDescriptionChars = chatDescriptionChars;
    }

    <T> List<T> cap(List<T> items) {
        return items.size() <= itemsPerList ? items : items.subList(0, itemsPerList);
    }

    int omitted(List<?> items) {
        return Math.max(0, items.size() - itemsPerList);
    }

    String text(String text) {
        return Texts.cut(text, textChars);
    }

    String name(String name) {
        return Texts.cut(name, Math.max(textChars, MIN_NAME_CHARS));
    }

    /** The caveat a shortened finding carries; {@code omittedItems} counts list entries and hot keys left out. */
    String shortenedCaveat(int omittedItems) {
        return String.format(Locale.ROOT, "This finding was shortened to fit the SNS 256 KB message limit (detail level"
                + " %s): at most %d hot key(s) per rule, %d entries per list, text cut at %d characters; %d entries"
                + " left out.", name().toLowerCase(Locale.ROOT), keysPerRule, itemsPerList, textChars, omittedItems);
    }
}
