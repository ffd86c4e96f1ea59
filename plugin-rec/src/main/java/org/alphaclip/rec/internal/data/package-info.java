/**
 * Reading evaluation data: ReCLIP's RefCOCO-family jsonl files and detection files, and synthetic world dataset folders.
 */
package org.alphaclip.rec.internal.data;
