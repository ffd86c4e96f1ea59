/**
 * Resumable evaluation: the per-item state file, the evaluator and its report.
 */
package org.alphaclip.rec.internal.eval;
