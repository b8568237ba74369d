package dev.vedette.internal.pipeline;

import dev.vedette.model.WrittenBatch;

/**
 * Sees every batch the pipeline's writer has stored, on the writer thread, in the order the
 * listeners were registered. A listener should be quick: the next batch waits for it. One that
 * throws is logged and the listeners after it still run.
 */
@FunctionalInterface
public interface BatchListener {
    /** Called once per stored batch, with the merged state of what it wrote. */
    void afterWrite(WrittenBatch batch);
}
