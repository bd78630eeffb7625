package org.vigie.lab.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;
import org.vigie.server.replay.CountryTable;
import org.vigie.server.replay.Outage;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Vocabulary;

/** One of the foundation's replay scenarios ({@code org.vigie.server.replay.Scenarios}) in the lab. */
final class Replayed implements LabScenario {
  private static final int BATCH = 5_000;

  private final Scenario scenario;
  private final List<String> services;

  Replayed(Scenario scenario, List<String> services) {
    this.scenario = scenario;
    this.services = List.copyOf(services);
  }

  @Override
  public String name() {
    return scenario.name();
  }

  @Override
  public String description() {
    return scenario.description();
  }

  @Override
  public Instant start() {
    return scenario.start();
  }

  @Override
  public Instant end() {
    return scenario.end();
  }

  @Override
  public List<String> services() {
    return services;
  }

  @Override
  public List<Truth> truths() {
    List<Truth> out = new ArrayList<>();
    for (Outage o : scenario.outages()) {
      out.add(new Truth(o.service(), o.onset(), o.recovered(), Truth.Kind.OUTAGE));
    }
    return out;
  }

  @Override
  public void generate(Consumer<List<ProblemReport>> batches) {
    Region[] regions = new Region[CountryTable.size()];
    for (int c = 0; c < regions.length; c++) {
      regions[c] = Region.country(CountryTable.code(c));
    }
    List<ProblemReport> batch = new ArrayList<>(BATCH);
    long[] batchMinute = {Long.MIN_VALUE};
    scenario.generate((at, service, indicator, country, reporter, network, outage) -> {
      long minute = Math.floorDiv(at, 60_000L);
      // Hand over whole minutes (or 5,000 reports of one): a batch never mixes minutes, as a
      // live ingestor's would not for long.
      if (!batch.isEmpty() && (batch.size() >= BATCH || minute != batchMinute[0])) {
        batches.accept(List.copyOf(batch));
        batch.clear();
      }
      batchMinute[0] = minute;
      batch.add(new ProblemReport(Vocabulary.service(service), Vocabulary.indicator(indicator), regions[country],
          reporter, network, "import", Instant.ofEpochMilli(at)));
    });
    if (!batch.isEmpty()) {
      batches.accept(List.copyOf(batch));
    }
  }
}
