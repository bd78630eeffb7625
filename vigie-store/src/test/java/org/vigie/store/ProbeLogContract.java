package org.vigie.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.StorageException;

/**
 * What every backend owes the machine signals (issue 5): probe results that survive a restart,
 * scanned in event-time order and purged after their retention; official statements stored once
 * each, read back newest first. A backend's test class nests this suite.
 */
public abstract class ProbeLogContract {
  protected static final Instant T0 = Instant.parse("2021-10-04T15:50:00Z");

  @TempDir protected Path dir;
  protected Storage storage;

  protected abstract Storage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void reopen() {
    storage.close();
    storage = newStorage(dir);
  }

  static ProbeResult dns(String vantage, boolean ok, String outcome, Instant at) {
    return new ProbeResult("facebook", "facebook.com/A", vantage, "dns", ok, outcome, Duration.ofMillis(12), at);
  }

  private List<ProbeResult> all() {
    List<ProbeResult> out = new ArrayList<>();
    storage.probes().scan(Instant.MIN, Instant.MAX, out::add);
    return out;
  }

  @Test
  void appendedResultsKeepEveryFieldAndSurviveARestart() {
    ProbeResult servfail = dns("FR-IDF", false, "servfail", T0);
    ProbeResult https = new ProbeResult("instagram", "https://www.instagram.com/", "US-CA", "http", true, "ok", Duration.ofMillis(231),
        T0.plusMillis(1));
    ProbeResult unmeasured = new ProbeResult("whatsapp", "web.whatsapp.com:443", "SG-01", "tls", false, "expired", null, T0.plusMillis(2));

    storage.probes().append(List.of(servfail, https, unmeasured));
    reopen();

    assertThat(all()).containsExactly(servfail, https, unmeasured);
  }

  @Test
  void scanIsOldestFirstOverAHalfOpenRangeAcrossPages() {
    // More than one read page, appended out of order: the scan pages by (time, insertion order).
    List<ProbeResult> later = new ArrayList<>();
    List<ProbeResult> earlier = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      later.add(dns("V" + i, true, "ok", T0.plusSeconds(30)));
      earlier.add(dns("V" + i, false, "timeout", T0));
    }
    storage.probes().append(later);
    storage.probes().append(earlier);
    storage.probes().append(List.of(dns("X", true, "ok", T0.plusSeconds(60))));

    List<ProbeResult> window = new ArrayList<>();
    storage.probes().scan(T0, T0.plusSeconds(60), window::add);

    List<ProbeResult> expected = new ArrayList<>(earlier);
    expected.addAll(later);
    assertThat(window).hasSize(12_000).isEqualTo(expected);
  }

  @Test
  void aRefusedBatchStoresNothing() {
    ProbeResult broken = new ProbeResult("facebook", "facebook.com/A", "DE-BE", "dns", false, null, null, T0.plusSeconds(1));

    assertThatThrownBy(() -> storage.probes().append(List.of(dns("FR-IDF", false, "servfail", T0), broken)))
        .isInstanceOf(StorageException.class);

    assertThat(all()).isEmpty();
  }

  @Test
  void purgeDeletesOnlyResultsOlderThanTheCutoff() {
    storage.probes().append(List.of(dns("FR-IDF", true, "ok", T0.minus(Duration.ofDays(8))), dns("FR-IDF", true, "ok", T0.minusMillis(1)),
        dns("FR-IDF", false, "servfail", T0)));

    assertThat(storage.probes().purgeBefore(T0)).isEqualTo(2);
    assertThat(storage.probes().purgeBefore(T0)).isZero();

    assertThat(all()).containsExactly(dns("FR-IDF", false, "servfail", T0));
  }

  static OfficialStatus statement(String service, String level, String text, Instant at) {
    return new OfficialStatus(service, "Actions", level, text, "https://www.githubstatus.com/incidents/x", at);
  }

  @Test
  void eachOfficialStatementIsStoredOnceEvenAfterARestart() {
    OfficialStatus major = statement("github", "major_outage", "Actions run failures and delays — investigating", T0);
    OfficialStatus resolved = statement("github", "operational", "Actions run failures and delays — resolved", T0.plusSeconds(600));
    OfficialStatus bare = new OfficialStatus("github", null, null, "x".repeat(20_000), null, T0.plusSeconds(5));

    assertThat(storage.officialStatuses().append(List.of(major, major, bare))).containsExactly(major, bare);
    reopen();
    // A poller that starts again reads the same statements: only the new one is new.
    assertThat(storage.officialStatuses().append(List.of(major, resolved, bare))).containsExactly(resolved);

    assertThat(storage.officialStatuses().recent("github", Instant.MIN, 10)).containsExactly(resolved, bare, major);
  }

  @Test
  void recentStatementsAreTheServicesNewestFirstFromABoundAndLimited() {
    List<OfficialStatus> github = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      github.add(statement("github", "partial_outage", "update " + i, T0.plusSeconds(60L * i)));
    }
    storage.officialStatuses().append(github);
    storage.officialStatuses().append(List.of(statement("discord", "major_outage", "API down", T0.plusSeconds(120))));

    assertThat(storage.officialStatuses().recent("github", T0.plusSeconds(60), 3))
        .containsExactly(github.get(4), github.get(3), github.get(2));
    assertThat(storage.officialStatuses().recent("github", T0.plusSeconds(200), 10)).containsExactly(github.get(4));
    assertThat(storage.officialStatuses().recent("discord", Instant.MIN, 10)).extracting(OfficialStatus::text).containsExactly("API down");
    assertThat(storage.officialStatuses().recent("slack", Instant.MIN, 10)).isEmpty();
  }
}
