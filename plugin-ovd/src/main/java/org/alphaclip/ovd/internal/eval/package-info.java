/**
 * COCO-style detection and instance segmentation metrics (AP over IoU 0.50:0.95, AP50, AP75, AR@k) and the
 * readers of COCO / LVIS annotation and result files they are computed from.
 */
package org.alphaclip.ovd.internal.eval;
