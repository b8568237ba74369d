package dev.vedette.test;

/**
 * The executable definition of the {@link dev.vedette.store.Store} SPI. Every store runs it unchanged: subclass it
 * and return an empty store from {@link #newStore()}.
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContractTest {
 *     @Override
 *     protected Store newStore() {
 *         return new MyStore(freshSchema());
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a new store in {@link #store} and closes it afterwards. A subclass may add tests
 * of its own store with the same helpers ({@link #txn}, {@link #write}, {@link #at}). Times in this
 * suite have millisecond precision; stores may keep no more than microseconds. Run it together with
 * {@link EndUserDataContractTest}, which checks the same store through a {@code Monitor}.
 *
 * <p>The tests live in the classes this one extends, one per aggregate: {@code
 * TransactionStoreContract} (upserts, timelines, search, paging, merges), {@code
 * AggregateStoreContract} (aggregates, health, errors, logs), {@code AlertStoreContract} (alerts,
 * deliveries, silences), {@code MaintenanceStoreContract} (erasure, audit, locks, purge) and {@code
 * ReportStoreContract} (rendered reports planned once per period with their deliveries) and {@code
 * FiguresStoreContract} (distinct customers, funnel steps and failures by error code, exactly).
 */
public abstract class StoreContractTest extends FiguresStoreContract {
    /** For the subclass that supplies the store. */
    protected StoreContractTest() {}
}
