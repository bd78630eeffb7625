package org.vigie.server.replay;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A scenario made of background ("normal") traffic per service plus scripted outages, generated
 * minute by minute.
 *
 * <h2>Model</h2>
 *
 * <ul>
 *   <li><b>Normal traffic</b>: for each service, a world-wide average rate (reports per hour, the
 *       mean over a week) split over countries by weight and modulated by each country's daily
 *       and weekly cycle in its own local time ({@link #cycle}). Each minute's count is a Poisson
 *       draw, so baselines are noisy the way real ones are.
 *   <li><b>Outages</b>: exact report totals per (service, country), spread over the minutes of
 *       the outage window by a shape (minutes since onset → relative intensity) times the
 *       country's activity (people asleep notice later) times a little noise, then rounded by
 *       systematic sampling so that every cell hits its total exactly.
 *   <li><b>Within a minute</b> reports get uniform random millisecond offsets and are sorted, so
 *       the stream is in non-decreasing event time.
 *   <li><b>Reporters</b>: mostly new people; with probability {@link Builder#repeatProbability}
 *       (default 5 %) a report comes from someone who reported the same service in the same
 *       country within the last hour (the server's dedupe must not count it twice).
 *       <b>Networks</b>: each reporter sits in one of about (expected reports in the country / 20)
 *       /24 networks of its country, drawn with a mild skew (some carrier networks are big).
 * </ul>
 *
 * <p>Everything derives from the seed through our own {@link Rng}, so the bytes are stable across
 * runs and JDK versions.
 */
public final class SyntheticScenario implements Scenario {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;

  // Bits of the per-minute sort key: millisecond offset in the minute (< 60000 < 2^16) on top so
  // that sorting the longs sorts by time, then the source (which traffic/outage made it), then
  // the country index. Ties are broken by source and country, which is deterministic.
  private static final int COUNTRY_BITS = 8;
  private static final int SOURCE_BITS = 6;
  private static final int OFFSET_SHIFT = COUNTRY_BITS + SOURCE_BITS;

  /**
   * Local-time daily cycles, one value per local hour (the value at HH:00), relative. Weekdays:
   * very low at 3–5 am, a morning rise, a flat afternoon and an evening peak around 20–21 h when
   * people are on their phones. Weekends: a later morning and a flatter, lower evening.
   */
  private static final double[] WEEKDAY = {
    0.55, 0.35, 0.22, 0.15, 0.13, 0.16, 0.30, 0.55, 0.80, 0.95, 1.00, 1.05,
    1.10, 1.10, 1.05, 1.05, 1.10, 1.20, 1.35, 1.50, 1.60, 1.55, 1.30, 0.90
  };
  private static final double[] WEEKEND = {
    0.75, 0.50, 0.33, 0.22, 0.16, 0.15, 0.20, 0.32, 0.50, 0.70, 0.88, 1.00,
    1.05, 1.05, 1.05, 1.05, 1.10, 1.15, 1.25, 1.35, 1.40, 1.40, 1.20, 0.95
  };
  /** Mean of the cycle over a week, so that rates given per hour are weekly averages. */
  private static final double CYCLE_MEAN;

  static {
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      sum += 5 * WEEKDAY[h] + 2 * WEEKEND[h];
    }
    CYCLE_MEAN = sum / (7 * 24);
  }

  /** Background traffic of one service. */
  record Traffic(int service, double reportsPerHour, double[] shares, int[] countries, double[] mix) {}

  /** Where a report came from: which service, with which indicator mix, outage or not. */
  private record Source(int service, int[] indicators, double[] cumulative, boolean outage) {}

  /** One (service, country) cell of an outage: its per-minute counts over the outage window. */
  private record Cell(int source, int country, int[] counts) {}

  /** A prepared outage: its minute window and cells. */
  private record PreparedOutage(int firstMinute, int lastMinute, Cell[] cells) {}

  private final Builder origin; // kept so withSeed() can rebuild with another seed
  private final String name;
  private final String description;
  private final long seed;
  private final long spanStart; // epoch millis, minute-aligned
  private final long spanEnd;
  private final long from; // emission window, within the span
  private final long to;
  private final double repeatProbability;
  private final List<Traffic> traffic;
  private final List<Source> sources;
  private final List<PreparedOutage> prepared;
  private final List<Outage> outages;
  private final long hour0; // start of the hour containing spanStart
  private final double[][] activity; // [hour since hour0][country], weekly mean ≈ 1
  private final int[] networks; // number of /24 networks per country
  private volatile long estimate = -1;

  private SyntheticScenario(Builder b) {
    this.origin = b.copy();
    this.name = b.name;
    this.description = b.description;
    this.seed = b.seed;
    this.spanStart = b.start.toEpochMilli();
    this.spanEnd = b.end.toEpochMilli();
    this.from = spanStart;
    this.to = spanEnd;
    this.repeatProbability = b.repeatProbability;
    this.traffic = List.copyOf(b.traffic);
    this.hour0 = Math.floorDiv(spanStart, HOUR) * HOUR;
    this.activity = activityTable(hour0, spanEnd);

    List<Source> src = new ArrayList<>();
    for (Traffic t : traffic) {
      src.add(source(t.service, t.mix, false));
    }
    List<PreparedOutage> prep = new ArrayList<>();
    List<Outage> truth = new ArrayList<>();
    int stream = 0;
    for (OutageSpec spec : b.outages) {
      prep.add(prepare(spec, src, Rng.derive(seed, 1000 + stream++)));
      for (int i = 0; i < spec.services.length; i++) {
        long total = 0;
        for (long n : spec.cells[i]) {
          total += n;
        }
        truth.add(new Outage(Vocabulary.service(spec.services[i]), spec.onset, spec.recovered,
            total, spec.note));
      }
    }
    if (src.size() > (1 << SOURCE_BITS)) {
      throw new IllegalArgumentException("too many traffic sources: " + src.size());
    }
    truth.sort((x, y) -> x.onset().compareTo(y.onset()));
    this.sources = List.copyOf(src);
    this.prepared = List.copyOf(prep);
    this.outages = List.copyOf(truth);
    this.networks = networkCounts();
  }

  /** A view restricted to [from, to); shares everything but the emission window. */
  private SyntheticScenario(SyntheticScenario base, long from, long to) {
    this.origin = base.origin;
    this.name = base.name;
    this.description = base.description;
    this.seed = base.seed;
    this.spanStart = base.spanStart;
    this.spanEnd = base.spanEnd;
    this.from = from;
    this.to = to;
    this.repeatProbability = base.repeatProbability;
    this.traffic = base.traffic;
    this.sources = base.sources;
    this.prepared = base.prepared;
    this.hour0 = base.hour0;
    this.activity = base.activity;
    this.networks = base.networks;
    this.outages = base.outages.stream()
        .filter(o -> o.onset().toEpochMilli() < to && o.recovered().toEpochMilli() > from)
        .toList();
  }

  public static Builder builder(String name) {
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
    return Instant.ofEpochMilli(from);
  }

  @Override
  public Instant end() {
    return Instant.ofEpochMilli(to);
  }

  @Override
  public long seed() {
    return seed;
  }

  @Override
  public List<Outage> outages() {
    return outages;
  }

  /**
   * The same story with other random draws (normal counts, timings, reporters; outage totals
   * stay exact): for scoring a detector over several runs. The window is kept.
   */
  public SyntheticScenario withSeed(long newSeed) {
    SyntheticScenario other = origin.copy().seed(newSeed).build();
    return from == spanStart && to == spanEnd ? other : new SyntheticScenario(other, from, to);
  }

  @Override
  public Scenario window(Instant windowFrom, Instant windowTo) {
    long f = Math.max(from, windowFrom.toEpochMilli());
    long t = Math.min(to, windowTo.toEpochMilli());
    if (t <= f) {
      throw new IllegalArgumentException("window " + windowFrom + ".." + windowTo
          + " does not overlap " + start() + ".." + end());
    }
    return new SyntheticScenario(this, f, t);
  }

  @Override
  public long estimatedReports() {
    long e = estimate;
    if (e < 0) {
      // Benign race: two threads may both compute the same number.
      e = Math.round(estimate(from, to));
      estimate = e;
    }
    return e;
  }

  private double estimate(long windowFrom, long windowTo) {
    double sum = 0;
    int firstMinute = (int) ((windowFrom - spanStart) / MINUTE);
    int endMinute = (int) ((windowTo - spanStart + MINUTE - 1) / MINUTE);
    for (int m = firstMinute; m < endMinute; m++) {
      double fraction = minuteOverlap(m, windowFrom, windowTo);
      int h = hourIndex(m);
      double f = hourFraction(m);
      for (Traffic t : traffic) {
        double w = 0;
        for (int c : t.countries) {
          w += t.shares[c] * activityAt(h, f, c);
        }
        sum += fraction * t.reportsPerHour / 60.0 * w;
      }
    }
    for (PreparedOutage p : prepared) {
      for (Cell cell : p.cells) {
        for (int i = 0; i < cell.counts.length; i++) {
          sum += cell.counts[i] * minuteOverlap(p.firstMinute + i, windowFrom, windowTo);
        }
      }
    }
    return sum;
  }

  private double minuteOverlap(int minute, long windowFrom, long windowTo) {
    long a = spanStart + minute * MINUTE;
    long lo = Math.max(a, windowFrom);
    long hi = Math.min(a + MINUTE, windowTo);
    return hi <= lo ? 0 : (hi - lo) / (double) MINUTE;
  }

  @Override
  public void generate(ReportSink sink) {
    Rng rng = Rng.derive(seed, 1);
    Reporters reporters = new Reporters(Vocabulary.serviceCount(), CountryTable.size(), rng);
    int minutes = (int) ((spanEnd - spanStart) / MINUTE);
    long[] keys = new long[1 << 12];
    double[] cumulative = new double[CountryTable.size()];
    int countryMask = (1 << COUNTRY_BITS) - 1;
    int sourceMask = (1 << SOURCE_BITS) - 1;
    // Minutes entirely after the window produce nothing visible and feed no later state.
    int lastMinute = (int) Math.min(minutes, (to - spanStart + MINUTE - 1) / MINUTE);
    for (int m = 0; m < lastMinute; m++) {
      long minuteStart = spanStart + m * MINUTE;
      int h = hourIndex(m);
      double frac = hourFraction(m);
      int n = 0;
      for (int s = 0; s < traffic.size(); s++) {
        Traffic t = traffic.get(s);
        double total = 0;
        int[] cs = t.countries;
        for (int k = 0; k < cs.length; k++) {
          total += t.shares[cs[k]] * activityAt(h, frac, cs[k]);
          cumulative[k] = total;
        }
        int count = rng.poisson(t.reportsPerHour / 60.0 * total);
        if (n + count > keys.length) {
          keys = Arrays.copyOf(keys, Math.max(keys.length * 2, n + count));
        }
        for (int i = 0; i < count; i++) {
          int k = search(cumulative, cs.length, rng.nextDouble() * total);
          keys[n++] = key(rng.nextInt(60_000), s, cs[k]);
        }
      }
      for (PreparedOutage p : prepared) {
        if (m < p.firstMinute || m >= p.lastMinute) {
          continue;
        }
        int i = m - p.firstMinute;
        for (Cell cell : p.cells) {
          int count = cell.counts[i];
          if (count == 0) {
            continue;
          }
          if (n + count > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, n + count));
          }
          for (int j = 0; j < count; j++) {
            keys[n++] = key(rng.nextInt(60_000), cell.source, cell.country);
          }
        }
      }
      Arrays.sort(keys, 0, n);
      for (int i = 0; i < n; i++) {
        long key = keys[i];
        long at = minuteStart + (key >>> OFFSET_SHIFT);
        Source source = sources.get((int) (key >>> COUNTRY_BITS) & sourceMask);
        int country = (int) key & countryMask;
        int indicator = pick(source, rng.nextDouble());
        // Reporter state advances even outside the window so a window sees the same people.
        long reporter = reporters.next(source.service, country, at, repeatProbability);
        if (at >= from && at < to) {
          sink.report(at, source.service, indicator, country, reporter,
              network(country, reporter), source.outage);
        }
      }
    }
  }

  private static long key(int offsetMillis, int source, int country) {
    return ((long) offsetMillis << OFFSET_SHIFT) | ((long) source << COUNTRY_BITS) | country;
  }

  /** First index whose cumulative weight exceeds u (binary search; arrays are ~100 long). */
  private static int search(double[] cumulative, int length, double u) {
    int lo = 0;
    int hi = length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int pick(Source source, double u) {
    double[] cum = source.cumulative;
    for (int i = 0; i < cum.length - 1; i++) {
      if (u < cum[i]) {
        return source.indicators[i];
      }
    }
    return source.indicators[cum.length - 1];
  }

  /**
   * The /24 a reporter sits in: fixed per (country, reporter) so repeats come from the same
   * network. {@code u^1.5} skews towards low indices: a few networks are big (carrier NAT), most
   * are small, as in real address space.
   */
  private long network(int country, long reporter) {
    double u = (Rng.mix(reporter * 0x9E3779B97F4A7C15L + seed) >>> 11) * 0x1.0p-53;
    int index = (int) (networks[country] * u * Math.sqrt(u));
    return (country + 1L) * 10_000_000L + index;
  }

  private int[] networkCounts() {
    double[] expected = new double[CountryTable.size()];
    int minutes = (int) ((spanEnd - spanStart) / MINUTE);
    for (int m = 0; m < minutes; m += 60) {
      int h = hourIndex(m);
      for (Traffic t : traffic) {
        for (int c : t.countries) {
          expected[c] += t.reportsPerHour * t.shares[c] * activityAt(h, 0, c);
        }
      }
    }
    for (PreparedOutage p : prepared) {
      for (Cell cell : p.cells) {
        for (int count : cell.counts) {
          expected[cell.country] += count;
        }
      }
    }
    int[] counts = new int[expected.length];
    for (int c = 0; c < counts.length; c++) {
      // About 20 reporters per /24, at least a handful so a small country is not one network.
      counts[c] = (int) Math.max(16, Math.min(9_000_000, Math.round(expected[c] / 20)));
    }
    return counts;
  }

  private int hourIndex(int minute) {
    return (int) ((spanStart + minute * MINUTE - hour0) / HOUR);
  }

  private double hourFraction(int minute) {
    long t = spanStart + minute * MINUTE + MINUTE / 2 - hour0;
    return (t % HOUR) / (double) HOUR;
  }

  private double activityAt(int hour, double fraction, int country) {
    double a = activity[hour][country];
    return a + (activity[hour + 1][country] - a) * fraction;
  }

  /** Activity of each country at each whole UTC hour of the span (+1 for interpolation). */
  private static double[][] activityTable(long hour0, long end) {
    int hours = (int) ((end - hour0 + HOUR - 1) / HOUR) + 1;
    double[][] table = new double[hours][CountryTable.size()];
    for (int h = 0; h < hours; h++) {
      Instant at = Instant.ofEpochMilli(hour0 + h * HOUR);
      for (int c = 0; c < CountryTable.size(); c++) {
        double a = 0;
        for (CountryTable.Zone z : CountryTable.country(c).zones()) {
          ZonedDateTime local = at.atZone(z.id());
          a += z.share() * cycle(local.getDayOfWeek(), local.getHour() + local.getMinute() / 60.0);
        }
        table[h][c] = a;
      }
    }
    return table;
  }

  /**
   * Relative report activity at a local day of week and hour (fractional), weekly mean 1. Exposed
   * for tests and the lab.
   */
  static double cycle(DayOfWeek day, double localHour) {
    boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    double[] table = weekend ? WEEKEND : WEEKDAY;
    int h = (int) localHour;
    double f = localHour - h;
    return (table[h] + (table[(h + 1) % 24] - table[h]) * f) / CYCLE_MEAN;
  }

  private static Source source(int service, double[] mix, boolean outage) {
    int count = 0;
    double total = 0;
    for (int i = 0; i < mix.length; i++) {
      if (mix[i] > 0) {
        if (!Vocabulary.allows(service, i)) {
          throw new IllegalArgumentException(Vocabulary.service(service)
              + " has no indicator " + Vocabulary.indicator(i));
        }
        count++;
        total += mix[i];
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("empty indicator mix for " + Vocabulary.service(service));
    }
    int[] indicators = new int[count];
    double[] cumulative = new double[count];
    double acc = 0;
    int k = 0;
    for (int i = 0; i < mix.length; i++) {
      if (mix[i] > 0) {
        acc += mix[i] / total;
        indicators[k] = i;
        cumulative[k++] = acc;
      }
    }
    return new Source(service, indicators, cumulative, outage);
  }

  /**
   * Spreads each (service, country) total over the outage minutes: weight = shape × shared
   * minute noise × cell noise × activity^exponent; then systematic sampling (cumulative expected
   * count with one random phase per cell) turns weights into integers that sum exactly to the
   * total and never differ from the expectation by a whole report within a minute's prefix.
   */
  private PreparedOutage prepare(OutageSpec spec, List<Source> src, Rng rng) {
    long onset = spec.onset.toEpochMilli();
    int first = (int) Math.floorDiv(onset - spanStart, MINUTE);
    int last = (int) Math.floorDiv(spec.fadeEnd.toEpochMilli() - spanStart + MINUTE - 1, MINUTE);
    if (first < 0 || last > (spanEnd - spanStart) / MINUTE) {
      throw new IllegalArgumentException("outage window outside the scenario span");
    }
    int length = last - first;
    double[] shared = new double[length];
    double[] base = new double[length];
    for (int i = 0; i < length; i++) {
      double sinceOnset = (spanStart + (first + i) * MINUTE + MINUTE / 2 - onset) / (double) MINUTE;
      shared[i] = Math.exp(spec.minuteNoise * rng.gaussian());
      base[i] = Math.max(0, spec.shape.applyAsDouble(sinceOnset));
    }
    List<Cell> cells = new ArrayList<>();
    double[] weights = new double[length];
    for (int si = 0; si < spec.services.length; si++) {
      int source = src.size();
      src.add(source(spec.services[si], spec.mixes[si], true));
      for (int c = 0; c < CountryTable.size(); c++) {
        long total = spec.cells[si][c];
        if (total == 0) {
          continue;
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
          int m = first + i;
          double a = activityAt(hourIndex(m), hourFraction(m), c);
          double w = base[i] * shared[i] * Math.exp(spec.cellNoise * rng.gaussian())
              * Math.pow(a, spec.activityExponent);
          weights[i] = w;
          sum += w;
        }
        if (sum <= 0) {
          throw new IllegalArgumentException("outage shape is zero over its window");
        }
        int[] counts = new int[length];
        double phase = rng.nextDouble();
        double acc = 0;
        long previous = 0; // floor(total * 0 + phase) == 0
        for (int i = 0; i < length; i++) {
          acc += weights[i];
          // The last step uses exactly total so rounding error can never lose a report.
          long upTo = i == length - 1 ? total : (long) Math.floor(total * (acc / sum) + phase);
          upTo = Math.min(total, Math.max(previous, upTo)); // guards against rounding drift
          counts[i] = (int) (upTo - previous);
          previous = upTo;
        }
        cells.add(new Cell(source, c, counts));
      }
    }
    return new PreparedOutage(first, last, cells.toArray(new Cell[0]));
  }

  /**
   * Reporter identities: new people get increasing ids; a repeat picks someone from a small ring
   * of recent reporters of the same (service, country), if they reported within the hour.
   */
  private static final class Reporters {
    private static final int RING = 64;
    private final int countries;
    private final long[] ids;
    private final long[] times;
    private final int[] fill;
    private final int[] position;
    private final Rng rng;
    private long next;

    Reporters(int services, int countries, Rng rng) {
      this.countries = countries;
      this.ids = new long[services * countries * RING];
      this.times = new long[ids.length];
      this.fill = new int[services * countries];
      this.position = new int[fill.length];
      this.rng = rng;
      this.next = 1_000_000; // ids of a fixed width look like the opaque ids they stand for
    }

    long next(int service, int country, long at, double repeatProbability) {
      int cell = service * countries + country;
      int filled = fill[cell];
      if (filled > 0 && rng.nextDouble() < repeatProbability) {
        int j = cell * RING + rng.nextInt(filled);
        if (at - times[j] <= HOUR) {
          return ids[j];
        }
      }
      long id = ++next;
      int j = cell * RING + position[cell];
      ids[j] = id;
      times[j] = at;
      position[cell] = (position[cell] + 1) % RING;
      if (filled < RING) {
        fill[cell] = filled + 1;
      }
      return id;
    }
  }

  /**
   * Largest-remainder apportionment: integers proportional to {@code weights} that sum exactly
   * to {@code total}; ties go to the lower index so the result is deterministic.
   */
  public static long[] apportion(long total, double[] weights) {
    double sum = 0;
    for (double w : weights) {
      if (w < 0) {
        throw new IllegalArgumentException("negative weight");
      }
      sum += w;
    }
    long[] out = new long[weights.length];
    if (total == 0) {
      return out;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("weights are all zero");
    }
    double[] remainder = new double[weights.length];
    long given = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = total * (weights[i] / sum);
      out[i] = (long) Math.floor(exact);
      remainder[i] = exact - out[i];
      given += out[i];
    }
    Integer[] order = new Integer[weights.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int cmp = Double.compare(remainder[b], remainder[a]);
      return cmp != 0 ? cmp : Integer.compare(a, b);
    });
    for (int k = 0; given < total; k = (k + 1) % order.length) {
      if (weights[order[k]] > 0) {
        out[order[k]]++;
        given++;
      }
    }
    return out;
  }

  /** Builds a {@link SyntheticScenario}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private Instant start;
    private Instant end;
    private long seed = 1;
    private double repeatProbability = 0.05;
    private final List<Traffic> traffic = new ArrayList<>();
    private final List<OutageSpec> outages = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder description(String text) {
      this.description = Objects.requireNonNull(text);
      return this;
    }

    /** Event-time span [start, end); both must be whole minutes. */
    public Builder span(Instant start, Instant end) {
      if (start.toEpochMilli() % MINUTE != 0 || end.toEpochMilli() % MINUTE != 0) {
        throw new IllegalArgumentException("span must start and end on whole minutes");
      }
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("empty span");
      }
      this.start = start;
      this.end = end;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Probability that a report comes from someone who already reported within the hour. */
    public Builder repeatProbability(double p) {
      if (p < 0 || p >= 1) {
        throw new IllegalArgumentException("repeat probability must be in [0, 1)");
      }
      this.repeatProbability = p;
      return this;
    }

    /**
     * Background traffic of a service: {@code reportsPerHour} world-wide on average over a week,
     * split by {@code countryWeights} (indexed like {@link CountryTable}), indicators by
     * {@code mix} (see {@link Vocabulary#mix}).
     */
    public Builder normal(int service, double reportsPerHour, double[] countryWeights, double[] mix) {
      if (countryWeights.length != CountryTable.size()) {
        throw new IllegalArgumentException("one weight per country of the table");
      }
      double sum = Arrays.stream(countryWeights).sum();
      double[] shares = new double[countryWeights.length];
      List<Integer> nonZero = new ArrayList<>();
      for (int c = 0; c < shares.length; c++) {
        shares[c] = countryWeights[c] / sum;
        if (shares[c] > 0) {
          nonZero.add(c);
        }
      }
      source(service, mix, false); // validates the mix early
      traffic.add(new Traffic(service, reportsPerHour, shares,
          nonZero.stream().mapToInt(Integer::intValue).toArray(), mix.clone()));
      return this;
    }

    public Builder outage(OutageSpec spec) {
      outages.add(Objects.requireNonNull(spec));
      return this;
    }

    private Builder copy() {
      Builder b = new Builder(name);
      b.description = description;
      b.start = start;
      b.end = end;
      b.seed = seed;
      b.repeatProbability = repeatProbability;
      b.traffic.addAll(traffic);
      b.outages.addAll(outages);
      return b;
    }

    public SyntheticScenario build() {
      if (start == null) {
        throw new IllegalStateException("span is required");
      }
      return new SyntheticScenario(this);
    }
  }

  /**
   * One scripted outage of one or more services with exact report totals per (service, country).
   * Build with {@link #builder}.
   */
  public static final class OutageSpec {
    private final Instant onset;
    private final Instant recovered;
    private final Instant fadeEnd;
    private final DoubleUnaryOperator shape;
    private final int[] services;
    private final long[][] cells; // [service position][country]
    private final double[][] mixes;
    private final double activityExponent;
    private final double minuteNoise;
    private final double cellNoise;
    private final String note;

    private OutageSpec(OutageBuilder b) {
      this.onset = b.onset;
      this.recovered = b.recovered;
      this.fadeEnd = b.fadeEnd;
      this.shape = b.shape;
      this.services = b.services;
      this.mixes = b.mixes;
      this.activityExponent = b.activityExponent;
      this.minuteNoise = b.minuteNoise;
      this.cellNoise = b.cellNoise;
      this.note = b.note;
      this.cells = allocate(b.serviceTotals, b.countryTotals, b.tilt);
    }

    /**
     * An outage starting at {@code onset}, over for most people at {@code recovered}; reports
     * are generated until {@code fadeEnd} (the shape should reach zero there).
     */
    public static OutageBuilder builder(Instant onset, Instant recovered, Instant fadeEnd) {
      return new OutageBuilder(onset, recovered, fadeEnd);
    }

    /** Exact totals per service position and country, as generated. */
    public long total(int servicePosition, int country) {
      return cells[servicePosition][country];
    }

    /**
     * Integer matrix [service][country] with exact row totals (services) and column totals
     * (countries): iterative proportional fitting of total × tilt, then largest-remainder
     * rounding per country and unit moves between services to fix the service sums.
     */
    private static long[][] allocate(long[] serviceTotals, long[] countryTotals, double[][] tilt) {
      int s = serviceTotals.length;
      int n = countryTotals.length;
      long sumS = Arrays.stream(serviceTotals).sum();
      long sumC = Arrays.stream(countryTotals).sum();
      if (sumS != sumC) {
        throw new IllegalArgumentException(
            "service totals (" + sumS + ") and country totals (" + sumC + ") differ");
      }
      double[][] x = new double[s][n];
      for (int i = 0; i < s; i++) {
        for (int c = 0; c < n; c++) {
          x[i][c] = countryTotals[c] * (serviceTotals[i] / (double) sumS) * tilt[i][c];
        }
      }
      for (int iteration = 0; iteration < 100; iteration++) {
        for (int i = 0; i < s; i++) {
          double row = Arrays.stream(x[i]).sum();
          double f = row == 0 ? 0 : serviceTotals[i] / row;
          for (int c = 0; c < n; c++) {
            x[i][c] *= f;
          }
        }
        for (int c = 0; c < n; c++) {
          double col = 0;
          for (int i = 0; i < s; i++) {
            col += x[i][c];
          }
          double f = col == 0 ? 0 : countryTotals[c] / col;
          for (int i = 0; i < s; i++) {
            x[i][c] *= f;
          }
        }
      }
      long[][] out = new long[s][n];
      double[] column = new double[s];
      for (int c = 0; c < n; c++) {
        for (int i = 0; i < s; i++) {
          column[i] = x[i][c];
        }
        long[] rounded = apportion(countryTotals[c], column.clone());
        for (int i = 0; i < s; i++) {
          out[i][c] = rounded[i];
        }
      }
      long[] error = new long[s];
      for (int i = 0; i < s; i++) {
        error[i] = Arrays.stream(out[i]).sum() - serviceTotals[i];
      }
      for (int over = 0; over < s; over++) {
        while (error[over] > 0) {
          int under = -1;
          for (int i = 0; i < s; i++) {
            if (error[i] < 0) {
              under = i;
              break;
            }
          }
          // Move one report of the country that most "owes" the under-served service.
          int best = -1;
          double owed = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < n; c++) {
            if (out[over][c] > 0 && x[under][c] - out[under][c] > owed) {
              owed = x[under][c] - out[under][c];
              best = c;
            }
          }
          out[over][best]--;
          out[under][best]++;
          error[over]--;
          error[under]++;
        }
      }
      return out;
    }
  }

  /** Builds an {@link OutageSpec}. */
  public static final class OutageBuilder {
    private final Instant onset;
    private final Instant recovered;
    private final Instant fadeEnd;
    private DoubleUnaryOperator shape;
    private int[] services;
    private long[] serviceTotals;
    private long[] countryTotals;
    private double[][] mixes;
    private double[][] tilt;
    private double activityExponent = 1.0;
    private double minuteNoise = 0.06;
    private double cellNoise = 0.12;
    private String note = "";

    private OutageBuilder(Instant onset, Instant recovered, Instant fadeEnd) {
      this.onset = Objects.requireNonNull(onset);
      this.recovered = Objects.requireNonNull(recovered);
      this.fadeEnd = Objects.requireNonNull(fadeEnd);
      if (!recovered.isAfter(onset) || fadeEnd.isBefore(recovered)) {
        throw new IllegalArgumentException("need onset < recovered <= fade end");
      }
    }

    /** Relative intensity as a function of minutes since onset (≥ 0); negative values are 0. */
    public OutageBuilder shape(DoubleUnaryOperator minutesSinceOnsetToIntensity) {
      this.shape = minutesSinceOnsetToIntensity;
      return this;
    }

    /** The services affected, each with its exact total of outage reports and indicator mix. */
    public OutageBuilder services(int[] serviceIndices, long[] totals, double[][] indicatorMixes) {
      if (serviceIndices.length != totals.length || totals.length != indicatorMixes.length) {
        throw new IllegalArgumentException("one total and one mix per service");
      }
      this.services = serviceIndices.clone();
      this.serviceTotals = totals.clone();
      this.mixes = indicatorMixes.clone();
      return this;
    }

    /** Exact totals per country (indexed like {@link CountryTable}); must sum to the services'. */
    public OutageBuilder countries(long[] totals) {
      if (totals.length != CountryTable.size()) {
        throw new IllegalArgumentException("one total per country of the table");
      }
      this.countryTotals = totals.clone();
      return this;
    }

    /**
     * Relative preference of a service in some countries (e.g. WhatsApp in Brazil); totals stay
     * exact, only the split between services inside each country moves.
     */
    public OutageBuilder tilt(int servicePosition, double factor, String... countryCodes) {
      ensureTilt();
      for (String code : countryCodes) {
        int c = CountryTable.indexOf(code);
        if (c < 0) {
          throw new IllegalArgumentException("unknown country " + code);
        }
        tilt[servicePosition][c] = factor;
      }
      return this;
    }

    /**
     * How much local time of day modulates reports: 0 = not at all, 1 = as much as normal
     * traffic. A storm wakes people up less than it modulates; a sporadic outage follows usage.
     */
    public OutageBuilder activityExponent(double exponent) {
      this.activityExponent = exponent;
      return this;
    }

    /** Log-normal noise σ shared by all cells per minute, and per cell per minute. */
    public OutageBuilder noise(double perMinute, double perCell) {
      this.minuteNoise = perMinute;
      this.cellNoise = perCell;
      return this;
    }

    public OutageBuilder note(String text) {
      this.note = Objects.requireNonNull(text);
      return this;
    }

    private void ensureTilt() {
      if (services == null) {
        throw new IllegalStateException("call services(...) first");
      }
      if (tilt == null) {
        tilt = new double[services.length][CountryTable.size()];
        for (double[] row : tilt) {
          Arrays.fill(row, 1.0);
        }
      }
    }

    public OutageSpec build() {
      if (shape == null || services == null || countryTotals == null) {
        throw new IllegalStateException("shape, services and countries are required");
      }
      ensureTilt();
      return new OutageSpec(this);
    }
  }
}
