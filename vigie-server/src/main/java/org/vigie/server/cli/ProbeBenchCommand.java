package org.vigie.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.Agent;
import org.vigie.probe.AgentClient;
import org.vigie.probe.Check;
import org.vigie.probe.CheckScheduler;
import org.vigie.probe.Prober;
import org.vigie.probe.Schedule;
import org.vigie.server.probe.BenchTargetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench probes}: one agent runs HTTP checks of many targets on a local fake server
 * (its own JVM, so only the agent's CPU is measured) and reports CPU share, heap and scheduling lag.
 */
@Command(name = "probes", mixinStandardHelpOptions = true,
    description = "Run 10,000 HTTP checks every 30 s from one agent against a local fake server; report CPU, heap and scheduling lag.")
public final class ProbeBenchCommand implements Callable<Integer> {
  @Option(names = "--targets", defaultValue = "10000", description = "HTTP targets (default 10000)")
  int targets;

  @Option(names = "--interval", defaultValue = "PT30S", description = "check interval, ISO-8601 (default PT30S)")
  Duration interval;

  @Option(names = "--rounds", defaultValue = "4", description = "measured rounds after one warm-up round (default 4)")
  int rounds;

  @Override
  public Integer call() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process target = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        BenchTargetServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      int port = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream())).readLine().trim());
      Schedule schedule = new Schedule(interval, Duration.ofSeconds(5), 0);
      List<Check> checks = new ArrayList<>(targets);
      for (int i = 0; i < targets; i++) {
        checks.add(new Check.Http("bench", URI.create("http://127.0.0.1:" + port + "/t/" + i), 200, 299, "ok", schedule));
      }
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AgentClient client = new AgentClient() {
        @Override
        public List<Check> fetchChecks() {
          return checks;
        }

        @Override
        public void push(List<ProbeResult> batch) {
          for (ProbeResult r : batch) {
            (r.ok() ? ok : failed).incrementAndGet();
          }
        }
      };
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
      try (Prober prober = new Prober("BENCH"); Agent agent = new Agent(client, prober, 1_000_000, InstantSource.system()).start()) {
        System.out.printf(Locale.ROOT, "warm-up round (%d s)…%n", interval.toSeconds());
        Thread.sleep(interval.toMillis()); // a benchmark measures wall time; this is not a test
        agent.flush();
        CheckScheduler.Stats s0 = agent.status().scheduler();
        long ok0 = ok.get();
        long failed0 = failed.get();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long peakHeap = 0;
        for (int i = 0; i < rounds * interval.toSeconds(); i++) {
          Thread.sleep(1000);
          peakHeap = Math.max(peakHeap, mem.getHeapMemoryUsage().getUsed());
        }
        agent.flush();
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        CheckScheduler.Stats s = agent.status().scheduler();
        System.gc();
        long liveHeap = mem.getHeapMemoryUsage().getUsed();
        System.out.println("vigie bench probes — " + LocalDate.now());
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "method: %,d HTTP checks (GET, status 200..299, body must contain 'ok'), every %d s, one agent,"
            + " virtual threads; target = JDK HttpServer in a separate JVM on loopback (its CPU not counted); %d measured rounds after 1 warm-up%n",
            targets, interval.toSeconds(), rounds);
        System.out.printf(Locale.ROOT, "checks run %,d (ok %,d, failed %,d), expected %,d%n", s.started() - s0.started(),
            ok.get() - ok0, failed.get() - failed0, (long) targets * rounds);
        System.out.printf(Locale.ROOT, "agent CPU %.1f s over %.1f s wall = %.3f cores%n", cpu / 1e9, wall / 1e9, cpu / (double) wall);
        System.out.printf(Locale.ROOT, "heap: peak used %d MiB, live after GC %d MiB%n", peakHeap >> 20, liveHeap >> 20);
        System.out.printf(Locale.ROOT, "scheduling lag: mean %.2f ms, max %.1f ms; runs started > 1 s late %d; overruns (still running when due) %d%n",
            s.meanLagNanos() / 1e6, s.maxLagNanos() / 1e6, s.late() - s0.late(), s.overruns() - s0.overruns());
        System.out.println(cpu / (double) wall <= 0.5 && s.late() == s0.late() && s.overruns() == s0.overruns()
            ? "target met: ≤ 0.5 core, no round late" : "TARGET MISSED");
      }
    } finally {
      target.destroy();
    }
    return 0;
  }
}
