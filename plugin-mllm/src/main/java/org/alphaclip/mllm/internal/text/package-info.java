/** Text: the package's tokenizer, the conversation template and the LLaVA prompt's token layout. */
package org.alphaclip.mllm.internal.text;
