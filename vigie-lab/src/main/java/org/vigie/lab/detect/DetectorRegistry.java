package org.vigie.lab.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.SeasonalPoissonDetector;

/**
 * Every detector the lab can run, by name (in the spirit of Caffeine's simulator registry): a new
 * algorithm is a class implementing {@link Detector} plus one line here, and is then scored on
 * the same NAB files and outage scenarios as the others.
 */
public final class DetectorRegistry {
  private static final Map<String, Supplier<Detector>> DETECTORS = new LinkedHashMap<>();

  static {
    register("vigie", SeasonalPoissonDetector::new);
    register(NabDetector.NAME, NabDetector::new);
    register(StaticThresholdDetector.NAME, StaticThresholdDetector::new);
    register(DowndetectorDetector.NAME, DowndetectorDetector::new);
    register(EwmaDetector.NAME, EwmaDetector::new);
  }

  private DetectorRegistry() {}

  private static void register(String name, Supplier<Detector> factory) {
    DETECTORS.put(name, factory);
  }

  /** Registered names, Vigie's detectors first, then the baselines. */
  public static List<String> names() {
    return List.copyOf(DETECTORS.keySet());
  }

  /** The baselines Vigie is compared against. */
  public static List<String> baselines() {
    return List.of(StaticThresholdDetector.NAME, DowndetectorDetector.NAME, EwmaDetector.NAME);
  }

  /**
   * A fresh detector (no state) of that name.
   *
   * @throws IllegalArgumentException naming the known detectors when there is none
   */
  public static Detector create(String name) {
    Supplier<Detector> f = DETECTORS.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown detector '" + name + "'; known detectors: " + String.join(", ", names()));
    }
    return f.get();
  }
}
