/**
 * A synthetic world where region focus matters: scenes of coloured shapes with masks, boxes, phrases,
 * captions and referring expressions, drawn by interchangeable renderers.
 *
 * <pre>{@code
 * @Reference(target = "(" + SceneGenerator.PROPERTY_RENDERER + "=raster)")
 * SceneGenerator generator;
 * Scene scene = generator.generate(42L, SceneSpec.DEFAULT);
 * SceneObject first = scene.objects().get(0);   // first.label() is e.g. "red circle"
 * }</pre>
 */
@Version("1.1.0")
package org.alphaclip.world;

import org.osgi.annotation.versioning.Version;
