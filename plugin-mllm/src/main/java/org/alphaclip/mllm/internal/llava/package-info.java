/** The LLaVA-1.5 model: prompt, projector and decoder put together into a generation. */
package org.alphaclip.mllm.internal.llava;
