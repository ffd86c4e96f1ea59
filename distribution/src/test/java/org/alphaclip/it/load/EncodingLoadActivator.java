package org.alphaclip.it.load;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.alphaclip.api.AlphaClipEncoder;
import org.alphaclip.api.EncodeOptions;
import org.alphaclip.api.EncoderException;
import org.alphaclip.api.RegionImage;
import org.alphaclip.api.image.RgbImage;
import org.alphaclip.api.region.Region;
import org.alphaclip.api.session.SessionException;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A test bundle that keeps encoding on several threads through the default {@link AlphaClipEncoder}
 * and counts successes, clean rejections (busy or closed) and any other failure.
 */
public final class EncodingLoadActivator implements BundleActivator {

    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger clean = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("");
    private final List<Thread> threads = new ArrayList<>();
    private ServiceTracker<AlphaClipEncoder, AlphaClipEncoder> tracker;
    private volatile boolean running = true;

    @Override
    public void start(BundleContext context) throws Exception {
        tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + AlphaClipEncoder.class.getName()
                + ")(" + AlphaClipEncoder.PROPERTY_DEFAULT + "=true))"), null);
        tracker.open();
        int count = Integer.parseInt(context.getProperty("probe.threads") == null ? "4" : context.getProperty("probe.threads"));
        for (int t = 0; t < count; t++) {
            int seed = t;
            Thread thread = new Thread(() -> loop(seed), "encoding-load-" + t);
            thread.start();
            threads.add(thread);
        }
        Supplier<String> report = () -> "ok=" + ok.get() + " clean=" + clean.get() + " failed=" + failed.get()
                + " first=" + firstFailure.get();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("probe", "load");
        context.registerService(Supplier.class.getName(), report, properties);
    }

    private void loop(int seed) {
        java.util.Random random = new java.util.Random(seed);
        while (running) {
            AlphaClipEncoder encoder = tracker.getService();
            if (encoder == null) {
                Thread.onSpinWait();
                continue;
            }
            byte[] rgb = new byte[64 * 48 * 3];
            random.nextBytes(rgb);
            try {
                float[] embedding = encoder.encodeImages(List.of(new RegionImage(new RgbImage(64, 48, rgb, null),
                        new Region.Box(8, 8, 40, 30))), EncodeOptions.DEFAULT).embedding(0);
                if (embedding.length > 0) {
                    ok.incrementAndGet();
                }
            } catch (EncoderException e) {
                if (e.getCause() instanceof SessionException s && (s.reason() == SessionException.Reason.REJECTED_BUSY
                        || s.reason() == SessionException.Reason.CLOSED) || e.getMessage().contains("was closed")) {
                    clean.incrementAndGet();
                } else {
                    fail(e);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    private void fail(Exception e) {
        failed.incrementAndGet();
        firstFailure.compareAndSet("", e.toString());
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        tracker.close();
    }
}
