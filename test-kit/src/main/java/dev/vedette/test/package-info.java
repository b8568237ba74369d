/**
 * The Vedette test kit ({@code dev.vedette:vedette-test}, test scope): what a host uses to test its
 * own monitoring, and what a host with its own store uses to prove it keeps the {@code Store}
 * contract.
 *
 * <ul>
 *   <li>{@link dev.vedette.test.TestClock}: a clock the test moves by hand.
 *   <li>{@link dev.vedette.test.RecordingNotifier}: a notifier that records what it is asked to
 *       send and can be told to fail.
 *   <li>{@link dev.vedette.test.StoreContractTest} and {@link
 *       dev.vedette.test.EndUserDataContractTest}: the executable definition of the {@code Store}
 *       SPI. Subclass each and return an empty store from {@code newStore()}.
 * </ul>
 */
@NullMarked
package dev.vedette.test;

import org.jspecify.annotations.NullMarked;
