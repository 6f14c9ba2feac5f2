package io.paxsim.history;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Columns and arena in chunks: ops on both sides of a column chunk's end and of an arena chunk's end,
 * and values larger than an arena chunk, come back exactly, also from a copy, and a transaction
 * cursor and the direct JSON writer read them where they lie.
 */
class OpColumnsChunksTest {
    @Test
    void opsAcrossColumnAndArenaChunksComeBackExactly() throws Exception {
        List<Op> ops = new ArrayList<>();
        OpColumns columns = new OpColumns();
        for (int i = 0; i < 200_000; i++) {
            Value value = i % 50_001 == 7
                    ? new Value.Str("x".repeat(1_500_000 + i)) // larger than an arena chunk
                    : i % 3 == 0 ? Value.txn(MicroOp.append("k" + (i % 17), i), MicroOp.readList("k" + (i % 5), 1, 2, i))
                    : new Value.Str("v" + i + "-".repeat(i % 40));
            Op op = new Op(i, 1_000L * i, i % 2 == 0 ? OpType.INVOKE : OpType.OK, Value.of(i % 10), "txn", value,
                    i % 1_000 == 0 ? Value.of(3) : null, null);
            ops.add(op);
            assertEquals(i, columns.add(op));
        }
        assertTrue(columns.retainedBytes() > 5_000_000, "more than one arena chunk: " + columns.retainedBytes());
        OpColumns copy = new OpColumns(columns);
        for (int i = 0; i < ops.size(); i++) {
            assertEquals(ops.get(i), columns.op(i), "op " + i);
            assertEquals(ops.get(i).value(), columns.value(i));
            assertEquals(ops.get(i), copy.op(i), "copy's op " + i);
        }
        java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
        JsonlColumnWriter.write(columns, columns.size(), direct);
        java.io.ByteArrayOutputStream general = new java.io.ByteArrayOutputStream();
        try (JsonlHistoryWriter w = new JsonlHistoryWriter(new java.io.OutputStreamWriter(general, java.nio.charset.StandardCharsets.UTF_8))) {
            for (Op op : ops) {
                w.write(op);
            }
        }
        assertTrue(direct.toString(java.nio.charset.StandardCharsets.UTF_8).equals(general.toString(java.nio.charset.StandardCharsets.UTF_8)),
                "the column writer reads values where they lie");
    }
}
