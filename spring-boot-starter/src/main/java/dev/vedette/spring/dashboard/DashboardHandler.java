package dev.vedette.spring.dashboard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the dashboard's handler classes (directly, or through {@link DashboardApi}). Everything the
 * dashboard's security and routing applies to its handlers keys on this one annotation: the base-path
 * prefix ({@link DashboardConfigurer}), the check that a request passed {@link DashboardFilter}
 * ({@link DashboardHandlerGuard}) and the error answers ({@link DashboardProblems}). A class under the
 * base path without it would not be guarded, so every dashboard controller carries it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface DashboardHandler {}
