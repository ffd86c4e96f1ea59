/**
 * Text to token ids: CLIP's text cleaning ({@link org.alphaclip.core.internal.text.TextCleaner}) and a
 * tokenizer over a HuggingFace tokenizer.json ({@link org.alphaclip.core.internal.text.ClipTokenizer}).
 * Private to the core bundle.
 */
package org.alphaclip.core.internal.text;
