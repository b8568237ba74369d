package dev.vedette.spring;

import dev.vedette.internal.Validate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Runs a core builder call and names the property when the builder rejects its value. */
final class PropertyChecks {
    /** Shown instead of a secret's value. */
    static final String HIDDEN = "(hidden)";

    private PropertyChecks() {}

    /**
     * Returns what {@code call} returns, or throws {@link InvalidConfigurationPropertyValueException}
     * naming {@code property} with the builder's message as the reason.
     */
    static <T> T check(String property, @Nullable Object value, Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | IllegalStateException | java.time.DateTimeException e) {
            throw invalid(property, value, e.getMessage());
        }
    }

    /** Like {@link #check(String, Object, Supplier)} for calls without a result. */
    static void run(String property, @Nullable Object value, Runnable call) {
        check(property, value, () -> {
            call.run();
            return null;
        });
    }

    /** Throws naming {@code property} unless {@code value} is positive ({@link Validate#positive}). */
    static void requirePositive(String property, java.time.Duration value) {
        require(property, value, () -> Validate.positive(property, value));
    }

    /** Throws naming {@code property} unless {@code value} is at least {@code min} ({@link Validate#atLeast}). */
    static void requireAtLeast(String property, int value, int min) {
        require(property, value, () -> Validate.atLeast(property, value, min));
    }

    /**
     * Runs a {@link Validate} check on a property's value; its message starts with the property name,
     * which the exception names already, so the reason is the rest of it.
     */
    private static void require(String property, Object value, Runnable validation) {
        try {
            validation.run();
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage().substring(property.length() + 1));
        }
    }

    /** The exception Spring Boot's failure analyzer reports with the property's origin. */
    static InvalidConfigurationPropertyValueException invalid(
            String property, @Nullable Object value, @Nullable String reason) {
        return new InvalidConfigurationPropertyValueException(property, value, reason == null ? "invalid" : reason);
    }
}
