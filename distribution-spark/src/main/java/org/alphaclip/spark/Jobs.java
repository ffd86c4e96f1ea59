package org.alphaclip.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

/**
 * The command line of the Spark jobs, the jar's main class: the first argument names the job, the rest are its
 * options. A usage error exits with 2, a failed job with 1, each with one {@code error:} line that says what to do
 * (no stack trace); whatever the job committed before it failed stays committed.
 *
 * <pre>
 * spark-submit [--master spark://HOST:7077] --jars LIBS distribution-spark.jar ovd-mine --images DIR --model DIR --out FILE.json
 * </pre>
 */
public final class Jobs {

    /** A job's name, options and entry point. */
    record Job(String name, String summary, List<String> required, List<String> optional, List<String> flags,
            Runner runner) {
    }

    /** Runs a job on a session; returns the line printed when it finishes. */
    @FunctionalInterface
    interface Runner {
        String run(SparkSession spark, JobArguments arguments) throws Exception;
    }

    private static final Map<String, Job> JOBS = new LinkedHashMap<>();

    static {
        for (Job job : List.of(EncodeJob.JOB, ClassifyJob.JOB, OvdMineJob.JOB, RecEvalJob.JOB)) {
            JOBS.put(job.name(), job);
        }
    }

    private Jobs() {
    }

    /** Runs the job the arguments name. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job the arguments name and returns the exit status. */
    static int run(String[] args) {
        Job job = args.length == 0 ? null : JOBS.get(args[0]);
        if (job == null) {
            System.err.println((args.length == 0 ? "error: name a job" : "error: unknown job '" + args[0] + "'")
                    + "; one of " + String.join(", ", JOBS.keySet()));
            JOBS.values().forEach(j -> System.err.println("  " + j.name() + ": " + j.summary()));
            return 2;
        }
        JobArguments arguments;
        try {
            List<String> optional = new ArrayList<>(job.optional());
            optional.add("--master");
            arguments = JobArguments.parse(List.of(args).subList(1, args.length).toArray(String[]::new),
                    job.required(), optional, job.flags());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + job.name() + ": " + e.getMessage());
            return 2;
        }
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("alphaclip " + job.name());
            String master = arguments.has("--master") ? arguments.value("--master") : System.getProperty("spark.master");
            if (master != null) {
                checkReachable(master);
                if (arguments.has("--master")) {
                    builder.master(master);
                }
            }
            try (SparkSession spark = builder.getOrCreate()) {
                System.out.println(job.runner().run(spark, arguments));
            }
            return 0;
        } catch (Exception e) {
            System.err.println("error: " + job.name() + ": " + explain(e));
            return 1;
        }
    }

    /**
     * The message a user acts on: the outermost one of ours (ours add context as they pass a failure on), else
     * Spark's first.
     */
    static String explain(Throwable error) {
        String spark = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                continue;
            }
            String firstLine = message.lines().findFirst().orElse(message);
            String type = t.getClass().getName();
            if (!type.startsWith("org.apache.spark") && !type.startsWith("scala.")) {
                return firstLine;
            }
            if (spark == null) {
                spark = firstLine;
            }
        }
        return spark == null ? error.getClass().getSimpleName() : spark;
    }

    /** Fails with a clear message when a standalone master does not answer. */
    private static void checkReachable(String master) throws IOException {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 7077 : uri.getPort()), 5000);
                return;
            } catch (IOException e) {
                // try the next master of the list
            }
        }
        throw new IOException("The Spark master " + master + " cannot be reached (nothing answers there): start it,"
                + " or give the right --master");
    }
}
