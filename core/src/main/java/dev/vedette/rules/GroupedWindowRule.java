package dev.vedette.rules;

import dev.vedette.model.Alert;

/**
 * A windowed rule that keeps one window over everything (the default) or one window and one alert
 * per provider, payment method or metadata value; a transaction without the value is ignored.
 *
 * @param <R> the concrete rule type, returned by every fluent method
 * @param <C> the rule's configuration type
 */
abstract class GroupedWindowRule<R extends GroupedWindowRule<R, C>, C extends RuleConfig<C>>
        extends WindowedRule<R, C> {

    GroupedWindowRule(C config, int width) {
        super(config, width);
    }

    /** One window and one alert per provider. */
    public R perProvider() {
        return grouped(Grouping.PROVIDER);
    }

    /** One window and one alert per payment method. */
    public R perPaymentMethod() {
        return grouped(Grouping.PAYMENT_METHOD);
    }

    /**
     * One window and one alert per value of this metadata key (e.g. {@code organisation}).
     *
     * @throws IllegalArgumentException if the key is null or blank
     */
    public R perMetadata(String key) {
        return grouped(Grouping.metadata(key));
    }

    /** One window over everything (the default). */
    public R overall() {
        return grouped(Grouping.OVERALL);
    }

    final R grouped(Grouping g) {
        return with(c -> c.grouping = g);
    }

    /**
     * Labels a grouped alert with its key; with {@code asComponent}, a provider key that can name a
     * component becomes the alert's component.
     */
    final Alert.Builder labelled(Alert.Builder b, String key, boolean asComponent) {
        if (!key.isEmpty()) {
            b.label(config.grouping.labelName(), RuleSupport.labelValue(key));
            if (asComponent && config.grouping == Grouping.PROVIDER && isComponent(key)) {
                b.component(key);
            }
        }
        return b;
    }

    /** Applies the {@code group-by} property. */
    final R applyGrouping(RuleProperties p) {
        return p.apply(self(), "group-by", Grouping::parse, GroupedWindowRule::grouped);
    }

    private static boolean isComponent(String key) {
        return key.length() <= 64 && key.chars().noneMatch(Character::isISOControl);
    }
}
