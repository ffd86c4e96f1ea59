package org.alphaclip.ovd.internal.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.alphaclip.api.image.GrayImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.proposal.MaskProposal;
import org.alphaclip.api.proposal.MaskProposer;
import org.alphaclip.api.proposal.ProposalException;
import org.alphaclip.api.proposal.ProposalRequest;
import org.alphaclip.api.region.Region;

/**
 * Proposes, for each distinct non-zero red value of the image (in order of first appearance), the filled bounding
 * box of its pixels as the mask, so black holes inside an object lower its purity for {@link FakeEncoder}.
 */
public final class ColourProposer implements MaskProposer {

    private final AtomicInteger calls = new AtomicInteger();

    /** Images proposed for so far. */
    public int calls() {
        return calls.get();
    }

    @Override
    public String name() {
        return "colours";
    }

    @Override
    public List<MaskProposal> propose(RgbImage image, ProposalRequest request) throws ProposalException {
        calls.incrementAndGet();
        Map<Integer, byte[]> masks = new LinkedHashMap<>();
        int n = image.width() * image.height();
        for (int i = 0; i < n; i++) {
            int red = image.rgb()[3 * i] & 0xFF;
            if (red != 0) {
                masks.computeIfAbsent(red, r -> new byte[n])[i] = (byte) 255;
            }
        }
        List<MaskProposal> proposals = new ArrayList<>();
        int w = image.width();
        for (Map.Entry<Integer, byte[]> m : masks.entrySet()) {
            int x0 = w;
            int y0 = image.height();
            int x1 = 0;
            int y1 = 0;
            for (int i = 0; i < n; i++) {
                if (m.getValue()[i] != 0) {
                    x0 = Math.min(x0, i % w);
                    y0 = Math.min(y0, i / w);
                    x1 = Math.max(x1, i % w + 1);
                    y1 = Math.max(y1, i / w + 1);
                }
            }
            byte[] box = new byte[n];
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    box[y * w + x] = (byte) 255;
                }
            }
            proposals.add(new MaskProposal(new GrayImage(w, image.height(), box), new Region.Box(x0, y0, x1, y1), 0.5,
                    "colours:red " + m.getKey()));
        }
        return proposals;
    }
}
