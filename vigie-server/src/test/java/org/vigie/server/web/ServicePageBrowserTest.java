package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The service page in real headless Chromium, as a person lives through a small outage: the page
 * is open while Instagram is quiet; reports of an outage in France arrive; without a reload the
 * banner turns to "Problems detected" and the chart and map show the spike; the person reports
 * through the button and sees it counted; comments with scripts stay inert; the French page is
 * in French; the outage map shows France; the home page reorders services and the incident page
 * follows the open incident, and the outage map a new country, as reports come in. The steps build on each other, hence the order.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them).
 * Without them the class is skipped on a developer machine, and fails under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicePageBrowserTest {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path dir;
  @TempDir static Path profile;
  WebFixture web;
  WebDriver driver;

  @BeforeAll
  void start() {
    requireChromium();
    web = new WebFixture(dir);
    web.story("instagram", WebFixture.NOW.minus(Duration.ofDays(3)), WebFixture.NOW.minus(Duration.ofMinutes(25)), 1.5, 0, "FR", "app");
    web.story("facebook", WebFixture.NOW.minus(Duration.ofDays(1)), WebFixture.NOW.minus(Duration.ofMinutes(25)), 2, 0, "FR", "app");
    driver = chromium(profile);
  }

  /** Skips the calling test class on a developer machine without Chromium; fails under CI. */
  static void requireChromium() {
    boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!present && System.getenv("CI") != null) {
      throw new AssertionError("browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    }
    Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
  }

  /** Headless Chromium with a fresh profile under {@code profile}, its console log kept. */
  static WebDriver chromium(Path profile) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toString());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,2200", "--lang=en-US",
        "--user-data-dir=" + profile.resolve("chromium-" + System.nanoTime()));
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (web != null) {
      web.close();
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, PATIENCE);
  }

  private String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  /**
   * Waits until the page's event stream is open, then marks the document: a mark still there
   * later proves the page changed in place rather than being reloaded.
   */
  private void connectedAndMarked() {
    waiting().until(d -> Long.valueOf(1).equals(js("return window.vigieEvents && window.vigieEvents.readyState")));
    js("window.__sameDocument = 'yes'");
  }

  /** No script error and no Content-Security-Policy violation was logged. */
  private void noConsoleErrors() {
    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList())
        .as("browser console errors").isEmpty();
  }

  @Test
  @Order(1)
  void theBannerTurnsToProblemsDetectedWithoutAReload() {
    driver.get(web.url("/status/instagram"));
    assertThat(text("#status-label")).isEqualTo("No problems");
    assertThat(driver.findElement(By.id("report-form")).isDisplayed()).as("the form opens on demand").isFalse();
    connectedAndMarked();

    web.story("instagram", WebFixture.NOW.minus(Duration.ofMinutes(25)), WebFixture.NOW.minusSeconds(1), 1.5, 150, "FR", "login", "feed");
    web.story("facebook", WebFixture.NOW.minus(Duration.ofMinutes(25)), WebFixture.NOW.minusSeconds(1), 2, 0, "FR", "app");

    waiting().until(d -> text("#status-label").equals("Problems detected"));
    assertThat(js("return window.__sameDocument")).as("updated in place, not reloaded").isEqualTo("yes");
    assertThat(driver.findElement(By.id("banner")).getAttribute("class")).contains("down");
    assertThat(text("#banner")).contains("Since").contains("incident #");
    noConsoleErrors();
  }

  @Test
  @Order(2)
  void theChartAndTheMapShowTheSpike() {
    WebElement chart = driver.findElement(By.id("chart"));
    waiting().until(d -> Long.parseLong(chart.getAttribute("data-max")) >= 150);
    assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(chart.getAttribute("data-points")).isEqualTo("1440");
    driver.findElement(By.cssSelector(".steps button[data-step='15']")).click();
    waiting().until(d -> "96".equals(chart.getAttribute("data-points")));
    assertThat(Long.parseLong(chart.getAttribute("data-max"))).isGreaterThan(1500);
    driver.findElement(By.cssSelector(".steps button[data-step='1']")).click();

    WebElement france = driver.findElement(By.cssSelector("svg.world path[data-cc='FR']"));
    waiting().until(d -> "l4".equals(france.getAttribute("class")));
    assertThat(Long.parseLong(france.getAttribute("data-reports"))).isGreaterThan(1000);
    assertThat(driver.findElement(By.cssSelector("svg.world path[data-cc='BR']")).getAttribute("class")).isEqualTo("l0");
    assertThat(text("#country-table tbody tr:first-child")).startsWith("France").contains("Problems detected");
    assertThat(text("#problems")).containsAnyOf("Login", "Feed");

    // Drill down into France and back.
    driver.findElement(By.cssSelector("#country-table a[data-cc='FR']")).click();
    waiting().until(d -> "FR".equals(chart.getAttribute("data-country")));
    assertThat(text("#chart-scope")).isEqualTo("In France");
    assertThat(Long.parseLong(chart.getAttribute("data-max"))).isGreaterThanOrEqualTo(150);
    driver.findElement(By.id("chart-world")).click();
    waiting().until(d -> "*".equals(chart.getAttribute("data-country")));
    screenshot("service-page.png");
  }

  @Test
  @Order(3)
  void aReportSentThroughTheButtonIsCounted() {
    WebElement live = driver.findElement(By.id("live-count"));
    waiting().until(d -> live.getAttribute("data-value") != null);
    long before = Long.parseLong(live.getAttribute("data-value"));
    long stored = web.server.vigie.storage().signals().countReports();

    driver.findElement(By.id("report-open")).click();
    assertThat(driver.findElement(By.id("report-form")).isDisplayed()).isTrue();
    driver.findElement(By.cssSelector("#report-form input[value='login']")).click();
    new Select(driver.findElement(By.id("report-country"))).selectByValue("FR");
    driver.findElement(By.id("report-city")).sendKeys("Lyon");
    driver.findElement(By.cssSelector("#report-form button[type='submit']")).click();

    waiting().until(d -> "counted".equals(driver.findElement(By.id("report-result")).getAttribute("data-outcome")));
    assertThat(text("#report-result")).isEqualTo("Thank you: your report is counted.");
    waiting().until(d -> Long.parseLong(live.getAttribute("data-value")) == before + 1);
    assertThat(web.server.vigie.storage().signals().countReports()).isEqualTo(stored + 1);
    assertThat(web.server.vigie.pipeline().openMinuteReports("instagram", "FR")).isGreaterThanOrEqualTo(1);
    assertThat(driver.manage().getCookieNamed("vigie_client")).isNotNull();
    noConsoleErrors();
  }

  @Test
  @Order(4)
  void scriptsAndMarkupPostedAsCommentsStayInert() {
    String payload = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"><b>bold?</b>";
    driver.findElement(By.id("comment-name")).sendKeys("<i>Eve</i>");
    driver.findElement(By.id("comment-text")).sendKeys(payload);
    driver.findElement(By.cssSelector(".comment-form button[type='submit']")).click();
    waiting().until(d -> !d.findElements(By.cssSelector("#comment-list li")).isEmpty());
    WebElement li = driver.findElement(By.cssSelector("#comment-list li"));
    assertThat(li.findElement(By.cssSelector(".text")).getText()).isEqualTo(payload);
    assertThat(li.getText()).contains("<i>Eve</i>");
    assertThat(li.findElements(By.cssSelector("script, img, b, i"))).isEmpty();
    assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(text(".notice")).isEqualTo("Thank you: your comment is published.");
  }

  @Test
  @Order(5)
  void theFrenchPageIsInFrench() {
    driver.get(web.url("/status/instagram"));
    driver.findElement(By.cssSelector("a.lang")).click();
    waiting().until(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertThat(text("h1")).isEqualTo("Instagram : est-ce en panne ?");
    assertThat(text("#status-label")).isEqualTo("Problèmes détectés");
    assertThat(text("#report-open")).isEqualTo("J'ai un problème");
    assertThat(text("#chart-h")).isEqualTo("Signalements des dernières 24 heures");
    assertThat(text("#comments-h")).isEqualTo("Commentaires");
    assertThat(text("a.lang")).isEqualTo("English");
    String body = text("body");
    assertThat(body).doesNotContain("Problems detected").doesNotContain("Most reported").doesNotContain("js.").doesNotContain("map.level");
    // Links keep the chosen language.
    driver.findElement(By.cssSelector("nav.crumbs a")).click();
    waiting().until(d -> text("h1").startsWith("En panne pour tout le monde"));
    noConsoleErrors();
  }

  @Test
  @Order(6)
  void theOutageMapShowsFranceAndFiltersByService() {
    driver.get(web.url("/map?lang=en"));
    WebElement france = driver.findElement(By.cssSelector("svg.world path[data-cc='FR']"));
    assertThat(france.getAttribute("class")).isEqualTo("l4");
    waiting().until(d -> d.findElement(By.id("map-total")).getAttribute("data-value") != null);
    assertThat(text("#country-table tbody tr:first-child")).startsWith("France");
    screenshot("outage-map.png");
    new Select(driver.findElement(By.id("map-service"))).selectByValue("facebook");
    waiting().until(d -> d.getCurrentUrl().contains("service=facebook"));
    assertThat(text("h1")).isEqualTo("Live outage map: Facebook");
    assertThat(driver.findElement(By.cssSelector("svg.world path[data-cc='FR']")).getAttribute("class")).isNotEqualTo("l4");
    noConsoleErrors();
  }

  @Test
  @Order(7)
  void theHomeAndIncidentPagesRender() {
    driver.get(web.url("/?lang=en"));
    assertThat(driver.findElements(By.cssSelector("#services li")).get(0).getAttribute("data-slug")).isEqualTo("instagram");
    driver.findElement(By.id("q")).sendKeys("face");
    waiting().until(d -> !d.findElement(By.cssSelector("#services li[data-slug='instagram']")).isDisplayed());
    assertThat(driver.findElement(By.cssSelector("#services li[data-slug='facebook']")).isDisplayed()).isTrue();
    screenshot("home.png");
    long id = web.server.vigie.pipeline().openIncident("instagram").orElseThrow().id();
    driver.get(web.url("/incidents/" + id + "?lang=en"));
    waiting().until(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
    assertThat(text("h1")).isEqualTo("Incident #" + id + ": Instagram");
    assertThat(text(".facts")).contains("Peak").contains("reports per minute");
    screenshot("incident.png");
    noConsoleErrors();
  }

  private int position(String slug) {
    List<WebElement> items = driver.findElements(By.cssSelector("#services li"));
    for (int i = 0; i < items.size(); i++) {
      if (slug.equals(items.get(i).getAttribute("data-slug"))) {
        return i;
      }
    }
    throw new AssertionError("no " + slug + " on the home page");
  }

  @Test
  @Order(8)
  void theHomePageMovesAServiceUpAsItsReportsGrowWithoutAReload() {
    driver.get(web.url("/?lang=en"));
    connectedAndMarked();
    assertThat(position("youtube")).isGreaterThan(position("facebook"));

    // Ten more minutes: YouTube's reports climb in France while Facebook stays quiet.
    Instant from = WebFixture.NOW;
    web.server.clock.advanceSeconds(600);
    web.story("instagram", from, from.plusSeconds(600), 1.5, 150, "FR", "login");
    web.story("facebook", from, from.plusSeconds(600), 2, 0, "FR", "app");
    web.story("youtube", from, from.plusSeconds(600), 0, 60, "FR", "video-playback");

    waiting().until(d -> position("youtube") < position("facebook"));
    assertThat(js("return window.__sameDocument")).as("reordered in place, not reloaded").isEqualTo("yes");
    assertThat(position("instagram")).isZero();
    WebElement youtube = driver.findElement(By.cssSelector("#services li[data-slug='youtube']"));
    assertThat(Long.parseLong(youtube.getAttribute("data-last-hour"))).isGreaterThan(100);
    noConsoleErrors();
  }

  @Test
  @Order(9)
  void theIncidentPageFollowsTheOpenIncidentWithoutAReload() {
    long id = web.server.vigie.pipeline().openIncident("instagram").orElseThrow().id();
    driver.get(web.url("/incidents/" + id + "?lang=en"));
    WebElement chart = driver.findElement(By.id("chart"));
    waiting().until(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
    connectedAndMarked();
    String total = text("#incident-facts");
    long peak = Long.parseLong(chart.getAttribute("data-max"));
    int points = Integer.parseInt(chart.getAttribute("data-points"));
    assertThat(peak).isLessThan(400);

    // Forty more minutes of a bigger outage: past the half hour the page drew beyond its render.
    Instant from = WebFixture.NOW.plusSeconds(600);
    web.server.clock.advanceSeconds(2400);
    web.story("instagram", from, from.plusSeconds(2400), 1.5, 400, "FR", "login");

    waiting().until(d -> Long.parseLong(chart.getAttribute("data-max")) >= 400);
    waiting().until(d -> !text("#incident-facts").equals(total));
    waiting().until(d -> Integer.parseInt(chart.getAttribute("data-points")) > points);
    assertThat(js("return window.__sameDocument")).as("updated in place, not reloaded").isEqualTo("yes");
    assertThat(text("#incident-banner")).contains("Problems detected");
    assertThat(text("#incident-facts")).contains("Peak");
    noConsoleErrors();
  }

  @Test
  @Order(10)
  void theOutageMapLightsUpANewCountryWithoutAReload() {
    driver.get(web.url("/map?lang=en"));
    connectedAndMarked();
    WebElement germany = driver.findElement(By.cssSelector("svg.world path[data-cc='DE']"));
    assertThat(germany.getAttribute("class")).isEqualTo("l0");

    Instant from = WebFixture.NOW.plusSeconds(3000);
    web.server.clock.advanceSeconds(600);
    web.story("facebook", from, from.plusSeconds(600), 0, 80, "DE", "app");

    waiting().until(d -> !"l0".equals(germany.getAttribute("class")));
    assertThat(Long.parseLong(germany.getAttribute("data-reports"))).isGreaterThan(0);
    assertThat(text("#country-table")).contains("Germany");
    assertThat(js("return window.__sameDocument")).as("recolored in place, not reloaded").isEqualTo("yes");
    noConsoleErrors();
  }

  /** Keeps what the browser showed, under target/screenshots (the README's pictures come from there). */
  private void screenshot(String name) {
    try {
      Path out = Path.of("target", "screenshots");
      Files.createDirectories(out);
      js("window.scrollTo(0, 0)");
      Files.write(out.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
