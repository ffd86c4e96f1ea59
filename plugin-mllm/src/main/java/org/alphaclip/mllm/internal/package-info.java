/** The bundle's components: the {@code MultimodalModels} service and the {@code mllm} task description. */
package org.alphaclip.mllm.internal;
