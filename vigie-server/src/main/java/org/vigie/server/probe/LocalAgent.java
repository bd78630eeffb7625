package org.vigie.server.probe;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.Agent;
import org.vigie.probe.AgentClient;
import org.vigie.probe.Check;
import org.vigie.probe.Prober;

/**
 * The agent {@code vigie serve} runs in its own JVM: the same {@link Agent} as a remote vantage
 * point, talking to the server in-process instead of over HTTP.
 */
public final class LocalAgent implements AutoCloseable {
  private final Agent agent;

  public LocalAgent(String vantage, Supplier<List<Check>> checks, Consumer<List<ProbeResult>> sink, InstantSource clock) {
    AgentClient inProcess = new AgentClient() {
      @Override
      public List<Check> fetchChecks() throws IOException {
        return checks.get();
      }

      @Override
      public void push(List<ProbeResult> batch) {
        sink.accept(batch);
      }
    };
    this.agent = new Agent(inProcess, new Prober(vantage, clock, null), 100_000, clock);
  }

  public LocalAgent start() {
    agent.start();
    return this;
  }

  public Agent.Status status() {
    return agent.status();
  }

  @Override
  public void close() {
    agent.close();
    agent.prober().close();
  }
}
