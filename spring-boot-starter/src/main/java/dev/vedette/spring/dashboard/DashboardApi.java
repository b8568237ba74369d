package dev.vedette.spring.dashboard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One page's part of the dashboard's JSON API under {@code {base-path}/api}: a {@link
 * DashboardHandler} REST controller that component scans skip ({@link NotComponentScanned}); {@link
 * VedetteDashboardAutoConfiguration} registers each one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@DashboardHandler
@RestController
@Conditional(NotComponentScanned.class)
@RequestMapping("/api")
@interface DashboardApi {}
