package org.vigie.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.MutableClock;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

/**
 * The pipeline tells the detector which networks are new to its five-minute window: the ones its
 * distinct-network count is made of.
 */
class NewNetworksTest {
  private static final Instant NOON = Instant.parse("2021-10-04T12:00:00Z");

  /** The real detector, with every world observation it is given written down. */
  private static final class Observed implements Detector {
    final SeasonalPoissonDetector real = new SeasonalPoissonDetector();
    final List<Observation> world = new ArrayList<>();

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public Assessment observe(int series, long epochMinute, Observation observation) {
      if (series % (26 * 26 + 1) == 26 * 26) {
        world.add(observation);
      }
      return real.observe(series, epochMinute, observation);
    }

    @Override
    public Assessment reassess(int series, long epochMinute, Observation observation, Assessment previous) {
      return real.reassess(series, epochMinute, observation, previous);
    }
  }

  private final MutableClock clock = new MutableClock(NOON);
  private final Observed detector = new Observed();
  private final SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, detector,
      new IncidentEngine(IncidentPolicy.DEFAULT, new AtomicLong()::incrementAndGet), clock);
  private long reporter;

  /** Reports in the given minute after noon, one per network, each counted unless told. */
  private void minute(int minute, long... networks) {
    Instant at = NOON.plusSeconds(60L * minute + 5);
    List<ProblemReport> reports = new ArrayList<>();
    boolean[] counted = new boolean[networks.length];
    for (int i = 0; i < networks.length; i++) {
      reports.add(new ProblemReport("bank", "app", Region.country("FR"), ++reporter, Math.abs(networks[i]), "import", at));
      counted[i] = networks[i] > 0;
    }
    clock.set(at);
    pipeline.accept(reports, counted);
  }

  @Test
  void networksAreNewUntilSeenInTheWindowsEarlierMinutes() {
    minute(0, 1, 2);
    minute(1, 1, 3);
    minute(2, 1, 1);
    minute(5, 2); // last seen at minute 0, before the window's earlier minutes (1 to 4)
    minute(6, 1); // last seen at minute 2, within them
    minute(7, -4); // a report that did not count (a reporter's second within the hour)
    minute(9);
    clock.set(NOON.plusSeconds(10 * 60));
    pipeline.tick();

    assertThat(detector.world.subList(0, 8)).extracting(Observation::newNetworks).containsExactly(2, 1, 0, 0, 0, 1, 0, 0);
    assertThat(detector.world.get(2).fresh()).as("network 1's third and fourth reports").isEqualTo(2);
  }
}
