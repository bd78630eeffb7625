package org.vigie.server.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.Service;
import org.vigie.server.catalogue.CatalogueFile.CatalogueException;

class CatalogueFileTest {

  /*
   * No @Nested groups on purpose: surefire's -Dtest=CatalogueFileTest does not select nested
   * classes, so grouped tests would silently not run. Sections are marked by comments instead.
   */

  @TempDir Path dir;

  // ---------------------------------------------------------------- the bundled catalogue

  private static final Catalogue BUNDLED = CatalogueFile.loadDefault();

  @Test
  void loadsWithAtLeastFortyServices() {
    assertThat(BUNDLED.size()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void containsEveryMustHaveService() {
    List<String> mustHave =
        List.of(
            "facebook", "instagram", "whatsapp", "messenger", "threads", "playstation-network", "xbox",
            "steam", "youtube", "netflix", "tiktok", "snapchat", "x", "discord", "slack", "zoom",
            "microsoft-teams", "outlook", "gmail", "icloud", "amazon", "aws", "cloudflare", "github",
            "spotify", "twitch", "reddit", "linkedin", "telegram", "signal", "chatgpt", "orange", "sfr",
            "free", "bouygues-telecom", "verizon", "att", "t-mobile", "vodafone");
    assertThat(BUNDLED.services()).extracting(Service::slug).containsAll(mustHave);
  }

  @Test
  void everyServiceHasThreeToSixIndicatorsLabelledInBothLanguages() {
    for (Service s : BUNDLED.services()) {
      assertThat(s.indicators()).as(s.slug()).hasSizeBetween(3, 6);
      for (Indicator i : s.indicators()) {
        assertThat(i.labelEn()).as(s.slug() + "/" + i.slug() + " en").isNotBlank();
        assertThat(i.labelFr()).as(s.slug() + "/" + i.slug() + " fr").isNotBlank();
      }
    }
  }

  @Test
  void theMetaFourShareTheirParent() {
    Service facebook = BUNDLED.find("facebook").orElseThrow();
    assertThat(facebook.parent()).isEqualTo("meta");
    // siblings() is what the correlator uses to group the 2021-style family outage.
    assertThat(BUNDLED.siblings(facebook))
        .extracting(Service::slug)
        .contains("instagram", "whatsapp", "messenger");
    for (String slug : List.of("instagram", "whatsapp", "messenger", "threads")) {
      assertThat(BUNDLED.find(slug).orElseThrow().parent()).as(slug).isEqualTo("meta");
    }
  }

  @Test
  void replayScenarioIndicatorsAreExactlyAsAgreed() {
    // The replay scenarios report these exact slugs; renaming one would silently drop reports.
    Map<String, List<String>> expected =
        Map.of(
            "facebook", List.of("app", "website", "login", "feed", "messages", "server-connection"),
            "instagram", List.of("app", "login", "feed", "website", "upload", "server-connection"),
            "whatsapp", List.of("messages", "app", "login", "calls", "server-connection"),
            "messenger", List.of("messages", "app", "login", "calls", "server-connection"),
            "playstation-network", List.of("login", "online-gaming", "store", "server-connection"));
    expected.forEach(
        (slug, indicators) ->
            assertThat(BUNDLED.find(slug).orElseThrow().indicators())
                .as(slug)
                .extracting(Indicator::slug)
                .containsExactlyElementsOf(indicators));
  }

  @Test
  void nationalOperatorsListTheirCountries() {
    Map<String, List<String>> expected =
        Map.of(
            "orange", List.of("FR"), "sfr", List.of("FR"), "free", List.of("FR"),
            "bouygues-telecom", List.of("FR"), "free-mobile", List.of("FR"),
            "verizon", List.of("US"), "att", List.of("US"), "t-mobile", List.of("US"));
    expected.forEach(
        (slug, countries) ->
            assertThat(BUNDLED.find(slug).orElseThrow().countries()).as(slug).isEqualTo(countries));
    // Every carrier or ISP is a collateral-spike candidate, which only makes sense per country.
    assertThat(BUNDLED.services())
        .filteredOn(s -> "isp".equals(s.category()) || "mobile".equals(s.category()))
        .hasSizeGreaterThanOrEqualTo(9)
        .allSatisfy(s -> assertThat(s.countries()).as(s.slug()).isNotEmpty());
  }

  @Test
  void worldwideServicesListNoCountry() {
    assertThat(BUNDLED.find("instagram").orElseThrow().countries()).isEmpty();
  }

  @Test
  void aliasesAndHashtagsPeopleActuallyType() {
    assertThat(BUNDLED.find("x").orElseThrow().aliases()).contains("twitter");
    assertThat(BUNDLED.find("instagram").orElseThrow().aliases()).contains("insta", "ig");
    assertThat(BUNDLED.find("playstation-network").orElseThrow().aliases()).contains("psn");
    assertThat(BUNDLED.find("instagram").orElseThrow().hashtags()).contains("instagramdown");
  }

  @Test
  void statusPagesAreHttpsAndKnownOnesArePresent() {
    for (Service s : BUNDLED.services()) {
      if (s.statusPage() != null) {
        assertThat(URI.create(s.statusPage()).getScheme()).as(s.slug()).isEqualTo("https");
      }
    }
    assertThat(BUNDLED.find("github").orElseThrow().statusPage()).isEqualTo("https://www.githubstatus.com");
    assertThat(BUNDLED.find("facebook").orElseThrow().statusPage()).isEqualTo("https://metastatus.com");
  }

  @Test
  void everyServiceHasSomethingToProbe() {
    assertThat(BUNDLED.services()).allSatisfy(s -> assertThat(s.domains()).as(s.slug()).isNotEmpty());
  }

  // ---------------------------------------------------------------- files that load

  @Test
  void readsEveryField() throws IOException {
    Path file =
        write(
            dir,
            """
            services:
              - slug: demo
                name: Démo
                category: social
                parent: acme
                upstreams: [aws, cloudflare]
                aliases: [dm, "de mo"]
                hashtags: [demodown]
                indicators:
                  - {slug: login, en: "Login", fr: "Connexion"}
                  - slug: feed
                    en: Feed
                    fr: "Fil d'actualité"
                domains: [www.example.com]
                statusPage: https://status.example.com
                countries: [FR, NO]
            """);
    Service s = CatalogueFile.load(file).find("demo").orElseThrow();
    assertThat(s)
        .isEqualTo(
            new Service(
                "demo", "Démo", "social", "acme", List.of("aws", "cloudflare"), List.of("dm", "de mo"),
                List.of("demodown"),
                List.of(new Indicator("login", "Login", "Connexion"), new Indicator("feed", "Feed", "Fil d'actualité")),
                List.of("www.example.com"), "https://status.example.com",
                // NO is Norway, not YAML 1.1's "false".
                List.of("FR", "NO")));
  }

  @Test
  void parentsAndUpstreamsMayNameNothingInTheFile() throws IOException {
    Path file =
        write(
            dir,
            """
            services:
              - slug: one
                name: One
                parent: nobody-we-monitor
                upstreams: [some-cdn]
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(CatalogueFile.load(file).find("one").orElseThrow().upstreams()).containsExactly("some-cdn");
  }

  // ---------------------------------------------------------------- files that are refused

  private CatalogueException refused(String yaml) throws IOException {
    Path file = write(dir, yaml);
    CatalogueException e = catchThrowableOfType(CatalogueException.class, () -> CatalogueFile.load(file));
    assertThat(e).as("expected the file to be refused").isNotNull();
    // Every message names the file first, so an operator knows which one to open.
    assertThat(e.getMessage()).startsWith(file.toString());
    assertThat(e.source()).isEqualTo(file.toString());
    return e;
  }

  @Test
  void yamlSyntaxError() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}
              - slug: two
            """);
    // The unclosed '[' is noticed at the '-' that follows, line 5 column 3, and the message
    // also says where the list started.
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains(", line 5, column 3: YAML syntax error")
        .contains("(started at line 4)");
  }

  @Test
  void tabIndentation() throws IOException {
    CatalogueException e = refused("services:\n\t- slug: one\n");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.getMessage()).contains("YAML syntax error").contains("TAB");
  }

  @Test
  void unknownFieldIsNamedWithTheAllowedOnes() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                statuspage: https://status.example.com
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.getMessage())
        .contains(", line 4, column 5:")
        .contains("unknown field 'statuspage' in service 'one'")
        .contains("did you mean 'statusPage'?")
        .contains(
            "allowed fields are: slug, name, category, parent, upstreams, aliases, hashtags, indicators,"
                + " domains, statusPage, countries");
  }

  @Test
  void unknownIndicatorField() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators:
                  - {slug: login, en: Login, fr: Connexion, de: Anmeldung}
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("unknown field 'de'").contains("allowed fields are: slug, en, fr");
  }

  @Test
  void missingName() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                indicators: [{slug: login, en: Login, fr: Connexion}]
              - slug: two
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    // Both services lack a name: both are reported, each at its own line.
    assertThat(e.problems()).extracting(CatalogueException.Problem::line).containsExactly(2, 4);
    assertThat(e.getMessage())
        .contains("2 problems")
        .contains(", line 2, column 5: service 'one' has no 'name'")
        .contains(", line 4, column 5: service 'two' has no 'name'");
  }

  @Test
  void missingIndicators() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
              - slug: two
                name: Two
                indicators: []
            """);
    assertThat(e.problems()).extracting(CatalogueException.Problem::line).containsExactly(2, 6);
    assertThat(e.getMessage())
        .contains(", line 2, column 5: service 'one' has no 'indicators'")
        .contains(", line 6, column 5: 'indicators' of service 'two' must be a non-empty list");
  }

  @Test
  void badSlug() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
              - slug: Play Station
                name: PlayStation
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(11);
    assertThat(e.getMessage()).contains("bad slug 'Play Station'").contains("lower-case letters, digits and dashes");
  }

  @Test
  void duplicateSlugPointsAtBothServices() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
              - slug: one
                name: One again
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("duplicate slug 'one': already used by the service at line 2");
  }

  @Test
  void duplicateIndicator() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators:
                  - {slug: login, en: Login, fr: Connexion}
                  - {slug: app, en: App, fr: Application}
                  - {slug: login, en: Sign-in, fr: Connexion}
            """);
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.getMessage()).contains("duplicate indicator 'login' in service 'one' (first at line 5)");
  }

  @Test
  void indicatorWithoutFrenchLabel() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators:
                  - {slug: login, en: Login, fr: Connexion}
                  - slug: app
                    en: App
            """);
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.getMessage()).contains("indicator 'app' of service 'one' has no French label 'fr'");
  }

  @Test
  void indicatorWithoutEnglishLabel() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, fr: Connexion}]
            """);
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.getMessage()).contains("indicator 'login' of service 'one' has no English label 'en'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "XX | unknown country code 'XX' (use ISO 3166-1 alpha-2 codes",
        "fr | unknown country code 'fr': write it in upper case, 'FR'",
        "UK | the ISO 3166-1 code of the United Kingdom is GB",
        "ZZ | country 'ZZ' means unknown",
        "FRA | unknown country code 'FRA'"
      })
  void unknownCountryCode(String code, String reason) throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                countries: [BE, %s]
            """
                .formatted(code));
    assertThat(e.line()).isEqualTo(5);
    // "    countries: [BE, " is 20 characters: the code starts in column 21.
    assertThat(e.column()).isEqualTo(21);
    assertThat(e.getMessage()).contains(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "status.example.com | it does not start with http:// or https://",
        "ftp://status.example.com | it does not start with http:// or https://",
        "/status | it does not start with http:// or https://",
        "https:///nohost | it has no host name",
        "'https://status example.com' | Illegal character"
      })
  void statusPageMustBeAnAbsoluteHttpUrl(String url, String reason) throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                statusPage: %s
            """
                .formatted(url));
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(17);
    assertThat(e.getMessage()).contains("must be an absolute http(s) URL").contains(reason);
  }

  @Test
  void domainMustBeAHostNotAUrl() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                domains:
                  - www.example.com
                  - https://example.com/login
            """);
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.getMessage()).contains("domain 'https://example.com/login' is not a host name");
  }

  @Test
  void hashtagWithHashSignIsExplained() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                hashtags: ["#onedown"]
                aliases:
                  - #one
            """);
    // Quoted, the '#' reaches us; unquoted after a space, YAML made it a comment (empty entry).
    assertThat(e.problems()).extracting(CatalogueException.Problem::line).containsExactly(5, 7);
    assertThat(e.getMessage()).contains("write it without the '#' (onedown)").contains("empty entry in 'aliases'");
  }

  @Test
  void listFieldGivenAsSingleValue() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                countries: FR
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("'countries' of service 'one' must be a list");
  }

  @Test
  void keyGivenTwice() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
                name: Uno
            """);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.getMessage()).contains("'name' is given twice here (first at line 3)");
  }

  @Test
  void yamlAliasesAreRefused() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: &n One
                indicators: [{slug: login, en: Login, fr: Connexion}]
              - slug: two
                name: *n
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.getMessage()).contains("YAML aliases (*n) are not supported");
  }

  @Test
  void secondYamlDocumentIsNotIgnored() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login, fr: Connexion}]
            ---
            services:
              - slug: two
            """);
    assertThat(e.line()).isEqualTo(6);
    assertThat(e.getMessage()).contains("a second YAML document starts here");
  }

  @Test
  void emptyFile() throws IOException {
    CatalogueException e = refused("# nothing but a comment\n");
    assertThat(e.getMessage()).contains("the file is empty");
  }

  @Test
  void fileThatIsNotACatalogue() throws IOException {
    CatalogueException e =
        refused(
            """
            - slug: one
              name: One
            """);
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.getMessage()).contains("must start with 'services:'");
  }

  @Test
  void everyProblemIsListedInFileOrder() throws IOException {
    CatalogueException e =
        refused(
            """
            services:
              - slug: one
                name: One
                indicators: [{slug: login, en: Login}]
                countries: [XX]
              - slug: Two
                name: Two
                colour: blue
                indicators: [{slug: login, en: Login, fr: Connexion}]
            """);
    assertThat(e.problems()).extracting(CatalogueException.Problem::line).containsExactly(4, 5, 6, 8);
    assertThat(e.getMessage().lines()).hasSize(5); // a header, then one line per problem
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> CatalogueFile.load(missing))
        .isInstanceOf(CatalogueException.class)
        .hasMessage(missing + ": cannot read the file: no such file");
  }

  private static Path write(Path dir, String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "catalogue", ".yaml");
    return Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }
}
