package dev.cvj.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts that a call throws an exception of a type whose message names every given part. */
final class ExpectedMessage {
    private ExpectedMessage() {}

    static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" lacks \"" + p + "\"");
        }
        return e;
    }
}
