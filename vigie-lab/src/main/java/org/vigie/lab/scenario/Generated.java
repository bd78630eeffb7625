package org.vigie.lab.scenario;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

/**
 * A lab scenario made of normal traffic and surges, minute by minute, for services and countries
 * the foundation's replay vocabulary does not cover (ISPs, a regional bank) and for stories it
 * cannot tell (a brigade from a handful of networks).
 *
 * <h2>Model</h2>
 *
 * <ul>
 *   <li><b>Normal traffic</b>: per service a weekly-mean rate split over countries, times a daily
 *       cycle in the country's local time (low at night, an evening peak), times a weekend factor
 *       and a factor for listed holidays; each minute's count is a Poisson draw.
 *   <li><b>Surges</b>: an outage, a collateral spike or an attack: extra reports per minute as a
 *       function of minutes since its start, per country share. Reporters are new people; their
 *       network is drawn from the country's pool of networks, or, for a brigade, from a handful.
 * </ul>
 *
 * Deterministic: everything derives from the seed.
 */
final class Generated implements LabScenario {
  private static final long MINUTE = 60_000L;

  /** UTC offsets (hours) of the countries the lab scenarios use; enough for daily cycles. */
  private static final Map<String, Integer> OFFSETS = Map.ofEntries(
      Map.entry("FR", 1), Map.entry("DE", 1), Map.entry("GB", 0), Map.entry("ES", 1), Map.entry("IT", 1),
      Map.entry("NL", 1), Map.entry("US", -5), Map.entry("BR", -3), Map.entry("IN", 5), Map.entry("JP", 9),
      Map.entry("MX", -6), Map.entry("CA", -5));

  /** Relative activity per local hour, mean ≈ 1 (people report when they use the service). */
  private static final double[] DAILY = {
    0.55, 0.35, 0.22, 0.15, 0.13, 0.16, 0.30, 0.55, 0.80, 0.95, 1.00, 1.05,
    1.10, 1.10, 1.05, 1.05, 1.10, 1.20, 1.35, 1.50, 1.60, 1.55, 1.30, 0.90
  };

  private static final double DAILY_MEAN = Arrays.stream(DAILY).average().orElse(1);

  record Load(String service, double perHour, Map<String, Double> countries, double weekend, double holiday) {
    Load {
      countries = inCountryOrder(countries);
    }
  }

  record Surge(String service, Instant from, Instant to, Map<String, Double> countries,
      DoubleUnaryOperator perMinute, int networks) {
    Surge {
      countries = inCountryOrder(countries);
    }
  }

  /**
   * The countries sorted by code. Generation draws from one random stream country after country,
   * so the order of that loop is part of the data: a {@code Map.of} iterates in an order salted
   * per JVM, which made two runs of the same seed differ (the lab's non-repeatable tables).
   */
  static Map<String, Double> inCountryOrder(Map<String, Double> countries) {
    return Collections.unmodifiableMap(new TreeMap<>(countries));
  }

  private final String name;
  private final String description;
  private final Instant start;
  private final Instant end;
  private final long seed;
  private final List<Load> loads;
  private final List<Surge> surges;
  private final List<Truth> truths;
  private final List<LocalDate> holidays;

  private Generated(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.start = b.start;
    this.end = b.end;
    this.seed = b.seed;
    this.loads = List.copyOf(b.loads);
    this.surges = List.copyOf(b.surges);
    this.truths = List.copyOf(b.truths);
    this.holidays = List.copyOf(b.holidays);
  }

  static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Instant start() {
    return start;
  }

  @Override
  public Instant end() {
    return end;
  }

  @Override
  public List<String> services() {
    LinkedHashSet<String> s = new LinkedHashSet<>();
    loads.forEach(l -> s.add(l.service()));
    return List.copyOf(s);
  }

  @Override
  public List<Truth> truths() {
    return truths;
  }

  /** Activity of a country at an instant: daily cycle in local time, weekend, holiday. */
  private double activity(Load load, String country, long at) {
    ZonedDateTime local = Instant.ofEpochMilli(at).atZone(ZoneOffset.ofHours(OFFSETS.getOrDefault(country, 0)));
    int h = local.getHour();
    double f = local.getMinute() / 60.0;
    double a = (DAILY[h] + (DAILY[(h + 1) % 24] - DAILY[h]) * f) / DAILY_MEAN;
    DayOfWeek d = local.getDayOfWeek();
    if (holidays.contains(local.toLocalDate())) {
      a *= load.holiday();
    } else if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) {
      a *= load.weekend();
    }
    return a;
  }

  @Override
  public void generate(Consumer<List<ProblemReport>> batches) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, Region> regions = new LinkedHashMap<>();
    long reporter = 1_000_000;
    List<long[]> keys = new ArrayList<>(); // at, reporter, network; parallel to what
    List<Object[]> what = new ArrayList<>(); // service, country
    for (long t = start.toEpochMilli(); t < end.toEpochMilli(); t += MINUTE) {
      keys.clear();
      what.clear();
      for (Load l : loads) {
        for (Map.Entry<String, Double> c : l.countries().entrySet()) {
          double rate = l.perHour() / 60.0 * c.getValue() * activity(l, c.getKey(), t);
          int n = poisson(rng, rate);
          for (int i = 0; i < n; i++) {
            keys.add(new long[] {t + rng.nextInt(60_000), ++reporter, network(rng, c.getKey(), 400)});
            what.add(new Object[] {l.service(), c.getKey()});
          }
        }
      }
      for (Surge s : surges) {
        if (t < s.from().toEpochMilli() || t >= s.to().toEpochMilli()) {
          continue;
        }
        double since = (t - s.from().toEpochMilli()) / (double) MINUTE + 0.5;
        double total = Math.max(0, s.perMinute().applyAsDouble(since));
        for (Map.Entry<String, Double> c : s.countries().entrySet()) {
          int n = poisson(rng, total * c.getValue());
          for (int i = 0; i < n; i++) {
            long net = s.networks() > 0 ? 900_000_000L + rng.nextInt(s.networks()) : network(rng, c.getKey(), 5_000);
            keys.add(new long[] {t + rng.nextInt(60_000), ++reporter, net});
            what.add(new Object[] {s.service(), c.getKey()});
          }
        }
      }
      Integer[] order = new Integer[keys.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Long.compare(keys.get(x)[0], keys.get(y)[0]));
      List<ProblemReport> batch = new ArrayList<>(order.length);
      for (int i : order) {
        long[] k = keys.get(i);
        String service = (String) what.get(i)[0];
        String country = (String) what.get(i)[1];
        batch.add(new ProblemReport(service, "app", regions.computeIfAbsent(country, Region::country),
            k[1], k[2], "import", Instant.ofEpochMilli(k[0])));
      }
      if (!batch.isEmpty()) {
        batches.accept(batch);
      }
    }
  }

  /** A network of the country's pool, skewed towards a few big ones (carrier NAT). */
  private static long network(SplittableRandom rng, String country, int pool) {
    double u = rng.nextDouble();
    return (country.charAt(0) * 26L + country.charAt(1)) * 1_000_000L + (long) (pool * u * Math.sqrt(u));
  }

  static int poisson(SplittableRandom rng, double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 50) {
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
    }
    double limit = Math.exp(-lambda);
    double p = rng.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= rng.nextDouble();
      k++;
    }
    return k;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static final class Builder {
    private final String name;
    private String description = "";
    private Instant start;
    private Instant end;
    private long seed = 1;
    private final List<Load> loads = new ArrayList<>();
    private final List<Surge> surges = new ArrayList<>();
    private final List<Truth> truths = new ArrayList<>();
    private final List<LocalDate> holidays = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name);
    }

    Builder description(String text) {
      this.description = text;
      return this;
    }

    Builder span(String from, String to) {
      this.start = Instant.parse(from);
      this.end = Instant.parse(to);
      return this;
    }

    Builder seed(long value) {
      this.seed = value;
      return this;
    }

    Builder holiday(String date) {
      holidays.add(LocalDate.parse(date));
      return this;
    }

    /** Normal traffic; weekend and holiday factors multiply the daily cycle on those days. */
    Builder normal(String service, double perHour, Map<String, Double> countries, double weekend, double holiday) {
      loads.add(new Load(service, perHour, countries, weekend, holiday));
      return this;
    }

    Builder normal(String service, double perHour, Map<String, Double> countries) {
      return normal(service, perHour, countries, 1.0, 1.0);
    }

    /** Extra reports from natural networks, with its ground truth. */
    Builder surge(String service, String from, String to, Map<String, Double> countries, DoubleUnaryOperator perMinute,
        Truth.Kind kind, String recovered) {
      surges.add(new Surge(service, Instant.parse(from), Instant.parse(to), countries, perMinute, 0));
      truths.add(new Truth(service, Instant.parse(from), Instant.parse(recovered), kind));
      return this;
    }

    /** Extra reports from only {@code networks} networks, not an outage (no ground truth). */
    Builder attack(String service, String from, String to, Map<String, Double> countries, double perMinute, int networks) {
      surges.add(new Surge(service, Instant.parse(from), Instant.parse(to), countries, m -> perMinute, networks));
      return this;
    }

    Generated build() {
      Objects.requireNonNull(start, "span");
      return new Generated(this);
    }
  }
}
