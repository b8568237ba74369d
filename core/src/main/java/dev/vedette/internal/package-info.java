/** Implementation details of Vedette. Nothing here is public API; it may change in any release. */
@NullMarked
package dev.vedette.internal;

import org.jspecify.annotations.NullMarked;
