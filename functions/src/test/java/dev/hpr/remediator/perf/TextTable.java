package dev.hpr.remediator.perf;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, columns padded to their widest cell. */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    TextTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    TextTable rule() {
        rows.add(List.of());
        return this;
    }

    String render() {
        int[] widths = new int[header.size()];
        for (List<String> row : concat()) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var out = new StringBuilder();
        line(out, header, widths);
        separator(out, widths);
        for (List<String> row : rows) {
            if (row.isEmpty()) {
                separator(out, widths);
            } else {
                line(out, row, widths);
            }
        }
        return out.toString();
    }

    private List<List<String>> concat() {
        var all = new ArrayList<List<String>>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(i == 0 ? cell + pad : "  " + pad + cell);
        }
        out.append('\n');
    }

    private static void separator(StringBuilder out, int[] widths) {
        int total = 0;
        for (int w : widths) {
            total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
    }
}
