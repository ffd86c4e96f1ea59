/** The graphs of a LLaVA package on the shared sessions: projector, token embedding, Llama decoder with its cache. */
package org.alphaclip.mllm.internal.llama;
