/**
 * The synthetic world in three dimensions: coloured solids (sphere, cube, cone, cylinder, torus) rendered by ray
 * marching their distance functions, one or two per image, with their masks and their surfaces as point clouds; the
 * data the default Point-E model is trained on and evaluated with.
 */
package org.alphaclip.pointe.internal.solids;
