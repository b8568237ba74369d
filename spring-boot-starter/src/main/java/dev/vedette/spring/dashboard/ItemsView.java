package dev.vedette.spring.dashboard;

import java.util.List;

/**
 * An unpaged dashboard list: {@code {items}}.
 *
 * @param items the items
 * @param <T> item view
 */
public record ItemsView<T>(List<T> items) {}
