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
 * {@link DashboardSecuredTestApp} with the optional line of docs/dashboard.md that makes Spring
 * Security itself require the dashboard's role for {@code /vedette/**}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class DashboardSecuredWithMatcherTestApp {

    @Bean(destroyMethod = "close")
    Monitor monitor() {
        return Monitor.builder().store(new InMemoryStore()).build();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/vedette/**")
                        .hasRole("VEDETTE_ADMIN")
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername(DashboardSecuredTestApp.OPS)
                        .password("{noop}" + DashboardSecuredTestApp.PASSWORD)
                        .roles("VEDETTE_ADMIN")
                        .build(),
                User.withUsername(DashboardSecuredTestApp.INTRUDER)
                        .password("{noop}" + DashboardSecuredTestApp.PASSWORD)
                        .roles("USER")
                        .build());
    }
}
