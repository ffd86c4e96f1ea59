/** Point-E's transformers on ONNX Runtime. */
package org.alphaclip.pointe.internal.model;
