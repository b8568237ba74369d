/**
 * Spring Boot auto-configuration of Vedette: the {@link dev.vedette.Monitor} bean from {@code
 * vedette.*} properties ({@link dev.vedette.spring.VedetteProperties}), its store, notifiers,
 * checks, rules and retention, the Actuator health bridge, Micrometer meters and the HTTP endpoint
 * timing filter. See {@code docs/spring-boot.md}.
 */
@NullMarked
package dev.vedette.spring;

import org.jspecify.annotations.NullMarked;
