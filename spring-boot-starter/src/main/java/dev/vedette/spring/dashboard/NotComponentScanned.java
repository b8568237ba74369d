package dev.vedette.spring.dashboard;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Keeps the dashboard's controllers out of component scans (an application whose main class sits
 * in a parent package would otherwise pick them up): a scan evaluates this class-level condition and
 * skips the class, while {@link VedetteDashboardAutoConfiguration}'s {@code @Bean} methods, which
 * are evaluated on their own annotations, still register them.
 */
final class NotComponentScanned implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return false;
    }
}
