package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.store.InMemoryStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The payments app of {@link DashboardTestApp} guarded by Spring Security the way an application
 * would guard it: Boot's security auto-configuration, one {@link SecurityFilterChain} with form
 * login and HTTP Basic, and in-memory users. No dashboard token is configured, so the dashboard
 * runs in {@link DashboardAccess.Mode#SPRING_SECURITY} mode.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class DashboardSecuredTestApp {
    static final String OPS = "ops";
    static final String INTRUDER = "intruder";
    static final String PASSWORD = "correct-horse-battery";

    @Bean(destroyMethod = "close")
    Monitor monitor() {
        return Monitor.builder().store(new InMemoryStore()).build();
    }

    // The chain shown in docs/dashboard.md ("Spring Security"); keep the two in step.
    // tag::security-filter-chain[]
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults()) // browsers: Spring's login page, a session cookie
                .httpBasic(Customizer.withDefaults()) // scripts: Authorization: Basic
                .build(); // CSRF protection and POST /logout are on by default
    }
    // end::security-filter-chain[]

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername(OPS)
                        .password("{noop}" + PASSWORD)
                        .roles("VEDETTE_ADMIN")
                        .build(),
                User.withUsername(INTRUDER)
                        .password("{noop}" + PASSWORD)
                        .roles("USER")
                        .build());
    }
}
