package dev.spool.server.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void rowsAreSortedAndColumnsAlignedWithNumbersOnTheRight() {
        Table table = new Table("NAME", ">READY", "STATE")
                .row("orders", 1200, "running")
                .row("audit", 3, "idle");

        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));

        assertThat(text.toString().lines()).containsExactly(
                "NAME    READY  STATE",
                "audit       3  idle",
                "orders   1200  running");
    }

    @Test
    void longAndMultiLineCellsStayOnOneLine() {
        Table table = new Table("PAYLOAD").row("a\nb\tc" + "x".repeat(100));

        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));

        String row = text.toString().lines().toList().get(1);
        assertThat(row).startsWith("a b c").endsWith("...").hasSize(60);
    }
}
