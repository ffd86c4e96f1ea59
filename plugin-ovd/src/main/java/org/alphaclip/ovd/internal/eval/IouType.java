package org.alphaclip.ovd.internal.eval;

/** What overlap decides a match: the boxes or the masks. */
public enum IouType {
    /** Box intersection over union ({@code bbox} in COCO). */
    BOX("bbox"),
    /** Mask intersection over union ({@code segm} in COCO). */
    MASK("segm");

    private final String cocoName;

    IouType(String cocoName) {
        this.cocoName = cocoName;
    }

    /** COCO's name for it: {@code bbox} or {@code segm}. */
    public String cocoName() {
        return cocoName;
    }
}
