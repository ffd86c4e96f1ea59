package org.alphaclip.it.unresolvable;

/** A class whose bundle imports a package nobody exports, so the bundle cannot resolve. */
public final class NeedsMissingPackage {
}
