package org.vigie.server.cli;

import java.net.URI;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigie.probe.Agent;
import org.vigie.probe.HttpAgentClient;
import org.vigie.probe.Prober;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie agent --server URL --token T --vantage FR-IDF}: a remote vantage point. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run probes from this machine as one vantage point: fetch checks from a Vigie server and push results.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, description = "the Vigie server, e.g. https://vigie.example.org")
  URI server;

  @Option(names = "--token", required = true, defaultValue = "${env:VIGIE_AGENT_TOKEN}", description = "agent token (or VIGIE_AGENT_TOKEN)")
  String token;

  @Option(names = "--vantage", required = true, description = "name of this vantage point, e.g. FR-IDF")
  String vantage;

  @Option(names = "--buffer", defaultValue = "100000", description = "results kept while the server is unreachable (default 100000)")
  int buffer;

  @Override
  public Integer call() throws InterruptedException {
    if (!vantage.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
      throw new IllegalArgumentException("--vantage must be a short name such as FR-IDF");
    }
    Prober prober = new Prober(vantage);
    Agent agent = new Agent(new HttpAgentClient(server, token, vantage), prober, buffer, InstantSource.system()).start();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      prober.close();
      stop.countDown();
    }));
    System.out.println("vigie agent " + vantage + " probing for " + server + " (" + agent.status().checks() + " checks)");
    stop.await();
    return 0;
  }
}
