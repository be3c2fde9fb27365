package org.rtcsip.kamailio.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** stats.get_statistics lines, {@code "group:name = value"}. */
class KamailioStatisticsTest {

    private static final List<String> CAPTURED = List.of("shmem:free_size = 64219344", "shmem:total_size = 67108864",
            "websocket:ws_current_connections = 1", "usrloc:location_contacts = 0");

    @Test
    void keysAreGroupColonNameInKamailiosOrder() {
        KamailioStatistics statistics = KamailioStatistics.parse(CAPTURED);
        assertEquals(List.of("shmem:free_size", "shmem:total_size", "websocket:ws_current_connections",
                "usrloc:location_contacts"), List.copyOf(statistics.values().keySet()));
        assertEquals(67108864L, statistics.value("shmem:total_size"));
        assertEquals(Set.of("shmem", "usrloc", "websocket"), statistics.groups());
    }

    @Test
    void selectsAGroupWithOrWithoutItsColon() {
        KamailioStatistics statistics = KamailioStatistics.parse(CAPTURED);
        Map<String, Long> shmem = Map.of("shmem:free_size", 64219344L, "shmem:total_size", 67108864L);
        assertEquals(shmem, statistics.group("shmem"));
        assertEquals(shmem, statistics.group("shmem:"));
        assertEquals(Map.of(), statistics.group("shm"), "a group is matched whole, not as a prefix of its name");
    }

    @Test
    void aGaugeBelowZeroThatKamailioPrintsUnsignedReadsAsNegative() {
        // counters are unsigned long in Kamailio (%lu): a gauge decremented below zero wraps
        assertEquals(-1L, KamailioStatistics.parse(List.of("tcp:current_opened_connections = 18446744073709551615"))
                .value("tcp:current_opened_connections"));
    }

    @Test
    void aMissingStatisticIsNamedInTheError() {
        NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> KamailioStatistics.parse(CAPTURED).value("shmem:nothing"));
        assertTrue(missing.getMessage().startsWith("no statistic shmem:nothing"), missing.getMessage());
    }

    @Test
    void refusesEachMalformedLineQuotingIt() {
        Map<String, String> reasons = Map.of(
                "", "not in the form",
                "shmem:free_size", "not in the form",
                "free_size = 5", "not in the form",
                ":free_size = 5", "not in the form",
                "shmem: = 5", "without a name",
                "shmem:free_size = lots", "not a number",
                "shmem:free_size = ", "not a number",
                "a = b:c = 5", "not in the form");
        reasons.forEach((line, reason) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> KamailioStatistics.parse(List.of(line)), line);
            assertTrue(refused.getMessage().contains(reason) && refused.getMessage().contains("\"" + line + "\""),
                    line + " -> " + refused.getMessage());
        });
    }

    @Test
    void neverThrowsAnythingButIllegalArgumentOnMutatedLines() {
        Random random = new Random(0x5EED_0002L);
        String alphabet = "0123456789:= -abc";
        for (int iteration = 0; iteration < 20_000; iteration++) {
            StringBuilder line = new StringBuilder(CAPTURED.get(random.nextInt(CAPTURED.size())));
            for (int edit = 0; edit < 1 + random.nextInt(3) && line.length() > 0; edit++) {
                int at = random.nextInt(line.length());
                if (random.nextBoolean()) {
                    line.deleteCharAt(at);
                } else {
                    line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                KamailioStatistics statistics = KamailioStatistics.parse(List.of(line.toString()));
                assertEquals(1, statistics.values().size());
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("\""), expected.getMessage());
            }
        }
    }
}
