/**
 * The referring expression task bundle: the {@code rec:locate} and {@code rec:eval} commands and the {@link org.alphaclip.api.task.Task} service. Private to the bundle.
 */
package org.alphaclip.rec.internal;
