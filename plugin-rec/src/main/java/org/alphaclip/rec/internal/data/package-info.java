/**
 * Reading evaluation data: ReCLIP's RefCOCO-family jsonl files and detection files, synthetic world dataset folders, and BOXES.json.
 */
package org.alphaclip.rec.internal.data;
