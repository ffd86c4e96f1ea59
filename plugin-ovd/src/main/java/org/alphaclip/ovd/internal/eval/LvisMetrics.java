package org.alphaclip.ovd.internal.eval;

import java.util.Locale;

/**
 * LVIS's summary numbers for one overlap type (those lvis-api's {@code LVISEval.summarize} reports), each in
 * [0, 1], or -1 when nothing could be measured (no ground truth in that range or group; the text shows it as
 * {@code n/a}). AP averages over the IoU thresholds 0.50:0.05:0.95, the 101 recall points and the categories
 * with ground truth; AR averages the final recall over the thresholds and categories; at most 300 detections
 * per image throughout.
 *
 * @param type box or mask overlap
 * @param ap AP, all areas
 * @param ap50 AP at IoU 0.50
 * @param ap75 AP at IoU 0.75
 * @param apSmall AP for objects of area up to 32²
 * @param apMedium AP for objects of area 32² to 96²
 * @param apLarge AP for objects of area 96² and more
 * @param apRare AP over the rare ({@code r}) categories
 * @param apCommon AP over the common ({@code c}) categories
 * @param apFrequent AP over the frequent ({@code f}) categories
 * @param ar AR@300, all areas
 * @param arSmall AR@300 for small objects
 * @param arMedium AR@300 for medium objects
 * @param arLarge AR@300 for large objects
 * @param images images with ground truth evaluated
 * @param categories categories with ground truth evaluated
 * @param rareCategories of those, the rare ones
 * @param commonCategories of those, the common ones
 * @param frequentCategories of those, the frequent ones
 */
public record LvisMetrics(IouType type, double ap, double ap50, double ap75, double apSmall, double apMedium,
        double apLarge, double apRare, double apCommon, double apFrequent, double ar, double arSmall, double arMedium,
        double arLarge, int images, int categories, int rareCategories, int commonCategories, int frequentCategories)
        implements Summary {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-4s AP %s  AP50 %s  AP75 %s  APs %s  APm %s  APl %s  APr %s  APc %s  APf %s"
                + "  AR@300 %s  ARs %s  ARm %s  ARl %s  (%d images, %d categories: %d r, %d c, %d f)",
                type == IouType.BOX ? "box" : "mask", Summary.shown(ap), Summary.shown(ap50), Summary.shown(ap75),
                Summary.shown(apSmall), Summary.shown(apMedium), Summary.shown(apLarge), Summary.shown(apRare),
                Summary.shown(apCommon), Summary.shown(apFrequent), Summary.shown(ar), Summary.shown(arSmall),
                Summary.shown(arMedium), Summary.shown(arLarge), images, categories, rareCategories, commonCategories,
                frequentCategories);
    }
}
