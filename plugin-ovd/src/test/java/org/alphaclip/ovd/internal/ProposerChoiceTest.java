package org.alphaclip.ovd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.junit.jupiter.api.Test;

class ProposerChoiceTest {

    /** A reference ordered like the framework orders them: higher ranking first, then lower service id. */
    private record Ref(String name, int ranking, long id) implements ServiceReference<Object> {
        @Override
        public Object getProperty(String key) {
            return switch (key) {
                case "alphaclip.proposer" -> name;
                case Constants.SERVICE_RANKING -> ranking;
                case Constants.SERVICE_ID -> id;
                default -> null;
            };
        }

        @Override
        public String[] getPropertyKeys() {
            return new String[] {"alphaclip.proposer", Constants.SERVICE_RANKING, Constants.SERVICE_ID};
        }

        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            Ref o = (Ref) other;
            return ranking != o.ranking ? Integer.compare(ranking, o.ranking) : Long.compare(o.id, id);
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>();
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }

    private static final Ref SAM = new Ref("sam", 100, 7);
    private static final Ref SEGMENTATION = new Ref("segmentation", 10, 5);
    private static final Ref BOXES = new Ref("boxes", 0, 6);
    private static final Ref WORLD = new Ref("world", 1000, 8);

    @Test
    void takesTheHighestRankedButNeverTheWorldUnlessNamed() {
        List<ServiceReference<Object>> all = List.of(SEGMENTATION, WORLD, BOXES, SAM);
        assertEquals(SAM, OvdCommands.choose(all, ""));
        assertEquals(SEGMENTATION, OvdCommands.choose(List.of(SEGMENTATION, WORLD, BOXES), ""));
        assertEquals(WORLD, OvdCommands.choose(all, "world"));
        assertEquals(BOXES, OvdCommands.choose(all, "boxes"));
        assertNull(OvdCommands.choose(all, "nope"));
        assertNull(OvdCommands.choose(List.of(WORLD), ""));
    }

    @Test
    void equalRankingsGoToTheOlderService() {
        Ref older = new Ref("segmentation", 10, 2);
        assertEquals(older, OvdCommands.choose(List.of(SEGMENTATION, older), ""));
    }
}
