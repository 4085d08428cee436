package dev.spool.store.log;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReclaimTest {
    @ParameterizedTest(name = "active={0} references={1} settled={2} awaitingSync={3} -> {4}")
    @CsvSource({
            // the one case that deletes: sealed, all settled, all synced
            "false, 10, 10, false, true",
            "false,  0,  0, false, true",
            // the active segment is never deleted, whatever its counts
            "true,  10, 10, false, false",
            "true,   0,  0, false, false",
            // something still unsettled
            "false, 10,  9, false, false",
            "false, 10,  0, false, false",
            // a record still waits for its fsync
            "false, 10, 10, true,  false",
            // more settlements than references: a double settle, counts untrusted, keep it
            "false, 10, 11, false, false",
    })
    void segmentIsReclaimableOnlyWhenSealedFullySettledAndSynced(boolean active, int references, int settled,
                                                                  boolean awaitingSync, boolean reclaimable) {
        assertThat(Reclaim.isReclaimable(active, references, settled, awaitingSync)).isEqualTo(reclaimable);
    }
}
