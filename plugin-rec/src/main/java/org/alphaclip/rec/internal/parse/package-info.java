/**
 * Parsing referring expressions into a subject with relations and superlatives (OpenNLP part-of-speech tags and rule-based chunking).
 */
package org.alphaclip.rec.internal.parse;
