package org.vigie.server.web;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.vigie.core.ingest.ReportInput;
import org.vigie.core.ingest.Submitter;
import org.vigie.core.model.Service;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.http.Api;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench pages}: how long the pages take to render with 40 services and a day of
 * data, three of them in an outage. Measures the render alone (in process) and the full HTTP
 * exchange on loopback, sequentially after a warm-up, and prints percentiles with the method.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
    description = "Render the web pages with 40 services and a day of data; print p50/p99 per page.")
public final class PagesBenchCommand implements Callable<Integer> {
  @Option(names = "--services", defaultValue = "40", description = "services with a day of data (default 40)")
  int services;

  @Option(names = "--requests", defaultValue = "2000", description = "measured requests per page (default 2000)")
  int requests;

  @Option(names = "--warmup", defaultValue = "1500", description = "warm-up requests per page (default 1500)")
  int warmup;

  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("vigie-bench-pages-");
    String token = "bench-token-" + System.nanoTime();
    InstantSourceAtNow clock = new InstantSourceAtNow();
    try (Vigie vigie = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(token).withClock(clock));
        WebRoutes web = new WebRoutes(vigie)) {
      List<Service> list = vigie.catalogue().services().subList(0, Math.min(services, vigie.catalogue().size()));
      long t0 = System.nanoTime();
      long n = load(vigie, list);
      vigie.flush();
      System.out.println("vigie bench pages — " + LocalDate.now() + ", commit " + commit());
      System.out.printf(Locale.ROOT, "machine: %d cores (%s), %s, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(), cpuModel(),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(Locale.ROOT, "data: %d services with 24 h of reports (%,d reports, loaded in %.1f s), 3 of them in an outage in ~30 countries for the last 2 h%n",
          list.size(), n, (System.nanoTime() - t0) / 1e9);
      Api api = new Api(vigie);
      WebServer http = WebServer.builder().host("127.0.0.1").port(0).connectionOptions(o -> o.tcpNoDelay(true)).routing(r -> {
        web.routes(r);
        api.routes(r);
      }).build().start();
      try {
        String outage = list.get(0).slug();
        String quiet = list.get(list.size() - 1).slug();
        long incident = vigie.pipeline().openIncident(outage).map(i -> i.id()).orElse(1L);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("home /", "/");
        pages.put("service page (outage) /status/" + outage, "/status/" + outage);
        pages.put("service page (quiet) /status/" + quiet, "/status/" + quiet);
        pages.put("service page, French", "/status/" + outage + "?lang=fr");
        pages.put("outage map /map", "/map");
        pages.put("outage map, one service", "/map?service=" + outage);
        pages.put("incident /incidents/" + incident, "/incidents/" + incident);
        System.out.println("method: each page rendered " + warmup + " times to warm up, then " + requests
            + " times measured, one after the other, by a java.net.http client on loopback (HTTP/1.1, keep-alive);"
            + " 'render' times the page's Java render call alone in the same JVM");
        System.out.printf(Locale.ROOT, "%-44s %9s %9s %9s %9s %9s %8s%n", "page", "render50", "render99", "http p50", "http p99", "http max", "KiB");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (Map.Entry<String, String> p : pages.entrySet()) {
          String path = p.getValue();
          Supplier<Html> render = renderer(web, path, outage, quiet, incident);
          for (int i = 0; i < warmup; i++) {
            render.get();
            get(client, http.port(), path);
          }
          long[] r = new long[requests];
          long[] h = new long[requests];
          int size = 0;
          for (int i = 0; i < requests; i++) {
            long a = System.nanoTime();
            render.get();
            r[i] = System.nanoTime() - a;
            a = System.nanoTime();
            size = get(client, http.port(), path);
            h[i] = System.nanoTime() - a;
          }
          Arrays.sort(r);
          Arrays.sort(h);
          System.out.printf(Locale.ROOT, "%-44s %7.2fms %7.2fms %7.2fms %7.2fms %7.2fms %8d%n", p.getKey(), ms(r, 0.50), ms(r, 0.99), ms(h, 0.50), ms(h, 0.99),
              h[h.length - 1] / 1e6, size / 1024);
        }
      } finally {
        http.stop();
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  private static Supplier<Html> renderer(WebRoutes web, String path, String outage, String quiet, long incident) {
    Lang en = new Lang("en", false);
    Lang fr = new Lang("fr", true);
    return switch (path.replaceAll("\\?.*", "").replaceAll("/status/.*", "/status").replaceAll("/incidents/.*", "/incidents")) {
      case "/" -> () -> web.home().render(en, "");
      case "/status" -> {
        String slug = path.contains(quiet) ? quiet : outage;
        Lang lang = path.contains("lang=fr") ? fr : en;
        Service s = web.site().service(slug).orElseThrow();
        yield () -> web.servicePage().render(s, lang, null, null);
      }
      case "/map" -> path.contains("service=") ? () -> web.mapPage().render(en, outage) : () -> web.mapPage().render(en, null);
      case "/incidents" -> () -> web.incidentPage().render(web.site().incident(incident).orElseThrow(), en);
      default -> throw new IllegalArgumentException(path);
    };
  }

  private static int get(HttpClient client, int port, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode());
    }
    return r.body().length;
  }

  /** A day of reports for every service; the first three in an outage for the last two hours. */
  private static long load(Vigie vigie, List<Service> list) {
    SplittableRandom rnd = new SplittableRandom(42);
    String[] countries = {"US", "FR", "DE", "GB", "NL", "BR", "IN", "JP", "ES", "IT", "CA", "MX", "PL", "TR", "AU", "AR", "SE", "BE", "CH", "PT",
        "ID", "PH", "NG", "ZA", "EG", "KR", "RU", "UA", "CO", "CL"};
    Submitter importer = new Submitter(InetAddress.getLoopbackAddress(), null, true);
    List<ReportInput> batch = new ArrayList<>(10_000);
    long n = 0;
    long reporter = 0;
    Instant from = NOW.minus(Duration.ofDays(1));
    Instant onset = NOW.minus(Duration.ofHours(2));
    for (Instant m = from; m.isBefore(NOW); m = m.plusSeconds(60)) {
      for (int s = 0; s < list.size(); s++) {
        Service svc = list.get(s);
        int count = WebFixtureless.poisson(rnd, 2.0) + (s < 3 && !m.isBefore(onset) ? 150 + rnd.nextInt(100) : 0);
        for (int i = 0; i < count; i++) {
          String country = countries[Math.min(countries.length - 1, (int) Math.abs(rnd.nextGaussian() * 6))];
          String indicator = svc.indicators().get(rnd.nextInt(Math.min(3, svc.indicators().size()))).slug();
          reporter++;
          batch.add(new ReportInput(svc.slug(), indicator, country, null, null, null, null, "r" + reporter, "n" + (reporter % 20_000), null,
              m.plusMillis(rnd.nextInt(60_000))));
          if (batch.size() == 10_000) {
            vigie.ingestor().ingest(batch, importer);
            n += batch.size();
            batch.clear();
          }
        }
      }
    }
    if (!batch.isEmpty()) {
      vigie.ingestor().ingest(batch, importer);
      n += batch.size();
    }
    return n;
  }

  /** Poisson draws without the test fixture. */
  private static final class WebFixtureless {
    static int poisson(SplittableRandom rnd, double lambda) {
      double l = Math.exp(-lambda);
      int k = 0;
      double p = 1;
      do {
        k++;
        p *= rnd.nextDouble();
      } while (p > l);
      return k - 1;
    }
  }

  /** The benchmark's clock: "now" is the end of the loaded day. */
  private static final class InstantSourceAtNow implements java.time.InstantSource {
    @Override
    public Instant instant() {
      return NOW;
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  static String commit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
