/**
 * The spatial relations and their box geometry.
 */
package org.alphaclip.rec.internal.relation;
