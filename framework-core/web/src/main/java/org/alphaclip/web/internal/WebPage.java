package org.alphaclip.web.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.logging.Logger;

import org.alphaclip.api.image.ImageReader;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;

/**
 * Switches the web page on and off from {@code etc/org.alphaclip.web.cfg}: when enabled it registers the page's
 * servlet with the HTTP Whiteboard, points Felix HTTP at the configured address (127.0.0.1 unless configured), starts
 * it, and prints the page's address with a fresh random access token, as Jupyter does; when disabled (the default)
 * the HTTP server bundle is not running, so no port is open.
 */
@Component(immediate = true, configurationPid = WebPage.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WebPage.Config.class)
public final class WebPage {

    /** Configuration PID ({@code etc/org.alphaclip.web.cfg}). */
    public static final String PID = "org.alphaclip.web";

    /** Felix HTTP's bundle: installed, not started by the launcher; the page starts it when enabled. */
    static final String HTTP_BUNDLE = "org.apache.felix.http.jetty";

    /** Felix HTTP's configuration PID. */
    static final String HTTP_PID = "org.apache.felix.http";

    /** Where the page lives on the server. */
    static final String PATH = "/alphaclip";

    private static final Logger LOG = Logger.getLogger("org.alphaclip.web");

    /** The web page's settings. */
    @ObjectClassDefinition(name = "Alpha-CLIP web page")
    public @interface Config {
        /** Whether the page is served. */
        @AttributeDefinition(description = "Serve the web page (off by default)")
        boolean enabled() default false;

        /** The address the server listens on. */
        @AttributeDefinition(description = "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every interface)")
        String host() default "127.0.0.1";

        /** The port. */
        @AttributeDefinition(description = "TCP port")
        int port() default 8089;

        /** The access token; empty for a random one per start. */
        @AttributeDefinition(description = "Access token (empty: a random one each start, printed with the address)")
        String token() default "";

        /** The largest upload. */
        @AttributeDefinition(description = "Largest image upload in megabytes")
        int maxUploadMegabytes() default 20;

        /** The most pixels of an uploaded image. */
        @AttributeDefinition(description = "Most decoded pixels of an uploaded image")
        long maxPixels() default 40_000_000L;

        /** A folder of images the page may open (read only); empty for none. */
        @AttributeDefinition(description = "Images folder the page may browse and open (read only; ${alphaclip.home} is the application folder)")
        String imagesFolder() default "${alphaclip.home}/images";

        /** Where uploads and task outputs go. */
        @AttributeDefinition(description = "Folder for uploads and task outputs")
        String workFolder() default "${alphaclip.home}/web";

        /** Commands run at the same time. */
        @AttributeDefinition(description = "Commands run at the same time; more wait in line")
        int concurrentJobs() default 2;
    }

    private final BundleContext context;
    private final ServiceRegistration<Servlet> registration;
    private final CommandJobs jobs;

    /** Serves the page when the configuration enables it; otherwise keeps the HTTP server stopped. */
    @Activate
    public WebPage(BundleContext context, Config config, @Reference ConfigurationAdmin configurations,
            @Reference CommandProcessor processor, @Reference ImageReader images) throws IOException, BundleException {
        this.context = context;
        if (!config.enabled()) {
            registration = null;
            jobs = null;
            stopHttpServer();
            return;
        }
        String home = context.getProperty("alphaclip.home");
        WebFiles files = new WebFiles(folder(config.workFolder(), home), config.imagesFolder().isBlank() ? null
                : folder(config.imagesFolder(), home), config.maxUploadMegabytes() * 1024L * 1024L, config.maxPixels(),
                images);
        String token = config.token().isBlank() ? randomToken() : config.token().strip();
        jobs = new CommandJobs(processor, files, Math.max(1, config.concurrentJobs()));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH + "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "alphaclip-web");
        registration = context.registerService(Servlet.class, new WebServlet(new Access(token), files, jobs,
                new CommandCatalogue(context)), properties);
        startHttpServer(configurations, config);
        String address = "http://" + (config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host()) + ":" + config.port()
                + PATH + "/?token=" + token;
        System.out.println("alphaclip web page: " + address);
        LOG.info("Web page served on " + config.host() + ":" + config.port() + PATH + " (token printed on the console)");
    }

    /** Stops the jobs and takes the servlet away. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            jobs.close();
        }
    }

    /** Points Felix HTTP at the configured address (changing its configuration only when it differs) and starts it. */
    private void startHttpServer(ConfigurationAdmin configurations, Config config) throws IOException, BundleException {
        Configuration http = configurations.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> current = http.getProperties();
        if (current == null || !String.valueOf(current.get("org.apache.felix.http.host")).equals(config.host())
                || !String.valueOf(current.get("org.osgi.service.http.port")).equals(String.valueOf(config.port()))) {
            Dictionary<String, Object> wanted = new Hashtable<>();
            wanted.put("org.apache.felix.http.enable", true);
            wanted.put("org.apache.felix.http.host", config.host());
            wanted.put("org.osgi.service.http.port", config.port());
            http.update(wanted);
        }
        Bundle server = httpServer();
        if (server != null && server.getState() != Bundle.ACTIVE) {
            server.start(Bundle.START_TRANSIENT);
        } else if (server == null) {
            LOG.warning("The web page is enabled but no HTTP server bundle (" + HTTP_BUNDLE + ") is installed");
        }
    }

    /** Stops Felix HTTP, so that no port is open while the page is off. */
    private void stopHttpServer() throws BundleException {
        Bundle server = httpServer();
        if (server != null && server.getState() == Bundle.ACTIVE) {
            server.stop(Bundle.STOP_TRANSIENT);
        }
    }

    private Bundle httpServer() {
        for (Bundle bundle : context.getBundles()) {
            if (HTTP_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private static Path folder(String configured, String home) {
        String resolved = configured.strip().replace("${alphaclip.home}", home == null ? "." : home);
        return Path.of(resolved).toAbsolutePath().normalize();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
