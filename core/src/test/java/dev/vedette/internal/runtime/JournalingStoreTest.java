package dev.vedette.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.store.Store;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalingStoreTest {
    /**
     * The monitor reaches its store only through the journaling view, so a {@link Store} method the
     * view inherits instead of forwarding (a default method added later, say) would silently run the
     * slow default against the host's store, or skip the outage bookkeeping.
     */
    @Test
    void forwardsEveryStoreMethodItselfDefaultMethodsIncluded() throws Exception {
        List<String> inherited = Arrays.stream(Store.class.getMethods())
                .filter(m -> !m.isSynthetic())
                .filter(m -> declaredBy(m) != JournalingStore.class)
                .map(Method::getName)
                .toList();
        assertThat(inherited).isEmpty();
    }

    private static Class<?> declaredBy(Method m) {
        try {
            return JournalingStore.class
                    .getMethod(m.getName(), m.getParameterTypes())
                    .getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(m + " is missing", e);
        }
    }
}
