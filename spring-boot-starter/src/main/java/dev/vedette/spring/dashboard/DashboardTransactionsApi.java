package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET {base}/api/transactions} and {@code /transactions/{id}}: the transactions page. */
@DashboardApi
public class DashboardTransactionsApi {
    private final Monitor monitor;
    private final DashboardViews views;
    private final DashboardParams params;

    DashboardTransactionsApi(Monitor monitor, DashboardViews views, DashboardParams params) {
        this.monitor = monitor;
        this.views = views;
        this.params = params;
    }

    /** A page of transactions: {@code {items, nextCursor}}, and {@code match} when searched by text. */
    public sealed interface Transactions permits Listed, Searched {}

    /**
     * A page of transactions.
     *
     * @param items transactions, newest first
     * @param nextCursor cursor of the next page, or null
     */
    public record Listed(
            List<TransactionView> items, @Nullable String nextCursor) implements Transactions {}

    /**
     * The first page of a text search ({@code q}).
     *
     * @param items transactions, newest first
     * @param nextCursor cursor of the next page, or null
     * @param match the transaction whose id is exactly {@code q}, or null
     */
    public record Searched(
            List<TransactionView> items,
            @Nullable String nextCursor,
            @Nullable TransactionView match) implements Transactions {}

    /** Transactions matching the filters, newest first, one keyset page. */
    @GetMapping("/transactions")
    public Transactions transactions(
            TransactionFilter filter,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        Page<StoredTransaction> page =
                monitor.transactions().search(filter.toQuery(params, DashboardParams.limit(limit), after));
        List<TransactionView> items =
                page.items().stream().map(t -> TransactionView.of(t, views)).toList();
        String text = DashboardParams.blank(filter.q());
        if (text == null || after != null) {
            return new Listed(items, page.nextCursor());
        }
        TransactionView match = monitor.transactions()
                .get(text)
                .map(t -> TransactionView.of(t, views))
                .orElse(null);
        return new Searched(items, page.nextCursor(), match);
    }

    /** One transaction with its whole timeline and metadata. */
    @GetMapping("/transactions/{id}")
    public TransactionView.Detail transaction(@PathVariable String id) {
        return monitor.transactions()
                .get(id)
                .map(t -> TransactionView.Detail.of(t, views))
                .orElseThrow(() -> DashboardProblems.notFound("transaction", id));
    }
}
