package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigie.server.ExternalTools;
import org.vigie.server.TestServer;

/**
 * Accessibility in real headless Chromium: axe-core (npm, {@code src/test/node}) audits every
 * kind of page during an outage, in both languages, against WCAG 2.1 A and AA (contrast
 * included) and finds no serious or critical violation; and the report flow works with the
 * keyboard alone. Same tool requirements as {@link ServicePageBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserTest {
  private static final Path AXE = ExternalTools.NODE_DIR.resolve("node_modules/axe-core/axe.min.js");

  @TempDir static Path dir;
  @TempDir static Path profile;
  WebFixture web;
  WebDriver driver;
  String axe;
  long incident;

  @BeforeAll
  void start() throws IOException {
    ServicePageBrowserTest.requireChromium();
    if (!Files.exists(AXE)) {
      throw new AssertionError("axe-core is not installed: run `npm ci --prefix vigie-server/src/test/node`");
    }
    axe = Files.readString(AXE);
    web = new WebFixture(dir);
    web.story("instagram", WebFixture.NOW.minus(Duration.ofDays(2)), WebFixture.NOW.minus(Duration.ofMinutes(20)), 1.5, 0, "FR", "app");
    web.story("instagram", WebFixture.NOW.minus(Duration.ofMinutes(20)), WebFixture.NOW.minusSeconds(1), 1.5, 120, "FR", "login", "feed");
    incident = web.server.vigie.pipeline().openIncident("instagram").orElseThrow().id();
    web.postForm("/status/instagram/comments", "name=Ana&text=Down+in+Lyon+too", "Cookie", "vigie_client=a11y");
    driver = ServicePageBrowserTest.chromium(profile);
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

  /** Serious and critical violations axe finds on the page now, one line each. */
  @SuppressWarnings("unchecked")
  private List<String> violations() {
    // Injected through the driver, not the page: the page's CSP allows no script but its own.
    js(axe);
    Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            + ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))}), e => done({error: String(e)}));");
    assertThat(result.get("error")).as("axe ran").isNull();
    List<String> out = new ArrayList<>();
    for (Map<String, Object> v : (List<Map<String, Object>>) result.get("violations")) {
      if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
        out.add(v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"));
      }
    }
    return out;
  }

  private void load(String path) {
    driver.get(web.url(path));
    // Audit what a reader sees once the scripts have run (chart drawn, live data in).
    new WebDriverWait(driver, ServicePageBrowserTest.PATIENCE).until(d -> "complete".equals(js("return document.readyState")));
    if (!driver.findElements(By.id("chart")).isEmpty()) {
      new WebDriverWait(driver, ServicePageBrowserTest.PATIENCE).until(d -> !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/status/instagram", "/status/instagram?country=FR", "/map", "/map?service=instagram", "/incidents/{id}", "/subscribe",
      "/admin", "/?lang=fr", "/status/instagram?lang=fr", "/map?lang=fr", "/incidents/{id}?lang=fr"})
  void aPublicPageHasNoSeriousOrCriticalViolation(String path) {
    load(path.replace("{id}", Long.toString(incident)));
    assertThat(violations()).as("axe on " + path).isEmpty();
  }

  @Test
  void theAdminPagesHaveNoSeriousOrCriticalViolation() {
    load("/admin");
    driver.findElement(By.id("token")).sendKeys(TestServer.ADMIN, Keys.ENTER);
    new WebDriverWait(driver, ServicePageBrowserTest.PATIENCE).until(d -> !d.findElements(By.cssSelector("nav.admin-nav")).isEmpty());
    for (String path : List.of("/admin", "/admin/services", "/admin/services/instagram", "/admin/moderation", "/admin/tokens")) {
      load(path);
      assertThat(violations()).as("axe on " + path).isEmpty();
    }
  }

  private WebElement focused() {
    return driver.switchTo().activeElement();
  }

  private void press(CharSequence... keys) {
    focused().sendKeys(keys);
  }

  @Test
  void someoneWithOnlyAKeyboardReportsAProblem() {
    load("/status/instagram?lang=en");
    long stored = web.server.vigie.storage().signals().countReports();
    // The button is reached with Tab from the top of the page.
    int tabs = 0;
    while (!"report-open".equals(focused().getAttribute("id"))) {
      assertThat(++tabs).as("Tab presses to reach the report button").isLessThan(40);
      press(Keys.TAB);
    }
    press(Keys.ENTER);
    assertThat(driver.findElement(By.id("report-form")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("report-open")).getAttribute("aria-expanded")).isEqualTo("true");
    assertThat(focused().getAttribute("name")).as("focus moves into the form").isEqualTo("indicator");

    press(Keys.ARROW_DOWN); // the second problem kind
    String chosen = focused().getAttribute("value");
    assertThat(driver.findElement(By.cssSelector("#report-form input[value='" + chosen + "']")).isSelected()).isTrue();
    press(Keys.TAB);
    assertThat(focused().getAttribute("id")).isEqualTo("report-country");
    press("France");
    press(Keys.TAB);
    assertThat(focused().getAttribute("id")).isEqualTo("report-city");
    press("Lyon");
    press(Keys.TAB);
    assertThat(focused().getAttribute("type")).isEqualTo("submit");
    press(Keys.ENTER);

    new WebDriverWait(driver, ServicePageBrowserTest.PATIENCE)
        .until(d -> "counted".equals(d.findElement(By.id("report-result")).getAttribute("data-outcome")));
    assertThat(driver.findElement(By.id("report-result")).getText()).isEqualTo("Thank you: your report is counted.");
    assertThat(web.server.vigie.storage().signals().countReports()).isEqualTo(stored + 1);
  }
}
