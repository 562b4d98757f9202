package dev.poto.bench.support;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numbers, printed as Markdown so it pastes into the docs. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  public String render() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = Math.max(3, header.get(i).length());
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], i < row.size() ? row.get(i).length() : 0);
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width, true);
    out.append('|');
    for (int i = 0; i < width.length; i++) {
      out.append(i == 0 ? ":" : "-").append("-".repeat(width[i])).append(i == 0 ? "-|" : ":|");
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, width, false);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width, boolean header) {
    out.append('|');
    for (int i = 0; i < width.length; i++) {
      String cell = i < cells.size() ? cells.get(i) : "";
      String pad = " ".repeat(width[i] - cell.length());
      out.append(' ').append(i == 0 || header ? cell + pad : pad + cell).append(" |");
    }
    out.append('\n');
  }

  public static String fmt(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (Math.abs(value) >= 100) {
      return String.format("%,.0f", value);
    }
    return String.format("%.2f", value);
  }

  public static String ratio(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return value >= 0.1 ? String.format("%.2f×", value) : String.format("%.2g×", value);
  }
}
