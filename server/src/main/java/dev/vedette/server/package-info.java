/**
 * The runnable Vedette server ({@code vedette-server}): {@link dev.vedette.server.VedetteServer}
 * and the few beans that make the starter a stand-alone service.
 */
@NullMarked
package dev.vedette.server;

import org.jspecify.annotations.NullMarked;
