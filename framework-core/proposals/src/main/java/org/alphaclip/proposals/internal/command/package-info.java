/** The alphaclip:propose and alphaclip:proposers Gogo commands and the proposal overlay. */
package org.alphaclip.proposals.internal.command;
