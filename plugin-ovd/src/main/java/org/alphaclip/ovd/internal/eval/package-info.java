/**
 * Detection and instance segmentation metrics by COCO's rules (AP over IoU 0.50:0.95, AP50, AP75, AR@k) and by
 * LVIS's (federated negative and not-exhaustive categories, 300 detections per image, area ranges, APr / APc /
 * APf, AR@300), and the readers of COCO / LVIS annotation and result files they are computed from.
 */
package org.alphaclip.ovd.internal.eval;
