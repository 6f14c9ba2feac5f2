package io.paxsim.paxos;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class WalCachesTest {
    /**
     * While cached, a record's body decodes to the very batch it was encoded from; once released, the
     * cache holds it no more (an equal batch is decoded from the bytes), and the bytes are the same.
     */
    @Test
    void releaseDropsTheCachedBatchesButNotTheBytes() {
        Batch batch = CodecTest.EVERY_COMMAND;
        DurableRecord.Accepted record = new DurableRecord.Accepted(123_456_789L, new Ballot(7, 2), batch);
        byte[] bytes = RecordFormat.encode(record, 4096);
        RecordFormat.Header header = RecordFormat.parseHeader(bytes, bytes.length, 0);
        assertSame(batch, ((DurableRecord.Accepted) RecordFormat.decode(header, bytes, 0)).value());

        WalCaches.release();

        Batch decoded = ((DurableRecord.Accepted) RecordFormat.decode(header, bytes, 0)).value();
        assertNotSame(batch, decoded);
        assertEquals(batch, decoded);
        assertEquals(java.util.HexFormat.of().formatHex(bytes), java.util.HexFormat.of().formatHex(RecordFormat.encode(record, 4096)));
    }
}
