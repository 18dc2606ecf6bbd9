package dev.cochlea.spark;

import dev.cochlea.distributed.RingCollective;
import dev.cochlea.distributed.RingListener;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Runs a {@link RankTask} on N Spark tasks scheduled together (barrier execution mode, as TorchDistributor and
 * XGBoost4J-Spark do), joined into a {@link RingCollective}. Spark only launches and supervises: each rank binds a
 * port, the addresses are exchanged once through {@code BarrierTaskContext.allGather} (about a second: it polls), and
 * every per-step collective then goes over the ring's own TCP connections.
 *
 * <p>The barrier stage is followed by a shuffle, which makes it a shuffle-map stage: when one rank fails (an exception,
 * a lost executor) Spark kills the others and re-runs the whole gang as a new stage attempt, whereas a failed barrier
 * result stage would abort the job. {@link GangMember#attempt()} tells a re-run gang to resume from its checkpoint.
 */
public final class BarrierGang {
    private BarrierGang() {}

    /** Runs {@code task} as ranks 0..workers-1 and returns their results by rank. */
    public static <R extends Serializable> List<R> run(
            JavaSparkContext sc, int workers, Duration timeout, RankTask<R> task) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        byte[] secret = RingCollective.newSecret(); // per job; travels to the executors inside the task closure
        JavaRDD<Integer> ranks =
                sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers);
        ClassTag<RankResult<R>> tag = ClassTag$.MODULE$.apply(RankResult.class);
        RDD<RankResult<R>> gang = ranks.rdd().barrier().mapPartitions(new RunRank<>(secret, timeout, task), false, tag);
        List<RankResult<R>> results =
                new ArrayList<>(new JavaRDD<>(gang, tag).repartition(1).collect());
        results.sort(Comparator.comparingInt(RankResult::rank));
        return results.stream().map(RankResult::value).toList();
    }

    /** A rank's result tagged with its rank, so the driver can order them after the shuffle. */
    record RankResult<R>(int rank, R value) implements Serializable {}

    /** The body of each barrier task: join the ring, run the task, hand back its result. */
    private static final class RunRank<R extends Serializable>
            extends AbstractFunction1<scala.collection.Iterator<Integer>, scala.collection.Iterator<RankResult<R>>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] secret;
        private final Duration timeout;
        private final RankTask<R> task;

        RunRank(byte[] secret, Duration timeout, RankTask<R> task) {
            this.secret = secret;
            this.timeout = timeout;
            this.task = task;
        }

        @Override
        public scala.collection.Iterator<RankResult<R>> apply(scala.collection.Iterator<Integer> partition) {
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            int world = context.getTaskInfos().length;
            String host = hostOf(context.getTaskInfos()[rank].address());
            try (RingListener listener = RingListener.bind(InetAddress.getByName(host))) {
                String[] published =
                        context.allGather(host + " " + listener.address().getPort());
                List<InetSocketAddress> addresses = new ArrayList<>();
                for (String entry : published) {
                    String[] hostPort = entry.split(" ");
                    addresses.add(
                            new InetSocketAddress(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1])));
                }
                try (RingCollective ring = listener.join(rank, addresses, secret, timeout)) {
                    R value = task.run(new GangMember(rank, world, context.stageAttemptNumber(), context.cpus(), ring));
                    return CollectionConverters.asScala(
                            List.of(new RankResult<>(rank, value)).iterator());
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("rank " + rank + " failed: " + e, e);
            }
        }

        /** "host:port" (or "[v6]:port") of the executor, without the port. */
        private static String hostOf(String address) {
            int colon = address.lastIndexOf(':');
            String host = colon > 0 ? address.substring(0, colon) : address;
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
    }
}
