package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.Service;

/** Which services a post names: word boundaries, ambiguous names, handles, links, emoji. */
class ServiceMatcherTest {
  static final ComplaintClassifier SHIPPED = new ComplaintClassifier(TestCatalogue.shipped());

  static List<String> services(ComplaintClassifier c, String text) {
    return c.classify(text, null).verdicts().stream().map(Verdict::service).toList();
  }

  static List<String> services(String text) {
    return services(SHIPPED, text);
  }

  @Test
  void metaTheWordIsNotMetaTheCompany() {
    Service meta = new Service("meta", "Meta", "social", null, null, List.of("meta platforms"), List.of("metadown"),
        List.of(new Indicator("app", "App", "Application")), List.of("www.meta.com"), null, null);
    ComplaintClassifier c = new ComplaintClassifier(Catalogue.of(List.of(meta)));
    assertThat(services(c, "that's so meta lol")).isEmpty();
    assertThat(services(c, "the metadata is wrong again")).isEmpty();
    assertThat(services(c, "so Meta is down again, all their apps")).containsExactly("meta");
    assertThat(services(c, "meta down for anyone?")).containsExactly("meta");
    assertThat(services(c, "#metadown")).containsExactly("meta");
  }

  @Test
  void ambiguousNamesNeedSupport() {
    assertThat(services("running out of steam this week")).isEmpty();
    assertThat(services("Steam won't connect, stuck on logging in")).containsExactly("steam");
    assertThat(services("free pizza at the office today!")).isEmpty();
    assertThat(services("free est encore en panne, la freebox affiche étape 2")).contains("free");
    assertThat(services("la generación x no entiende los memes")).isEmpty();
    assertThat(services("X est en panne encore une fois")).containsExactly("x");
  }

  @Test
  void handlesLinksHashtagsAndCompounds() {
    assertThat(services("@XboxSupport party chat broken")).containsExactly("xbox");
    assertThat(services("@SFR_SAV plus de réseau")).containsExactly("sfr");
    assertThat(services("@AskPlayStation can't sign in")).containsExactly("playstation-network");
    assertThat(services("look https://www.instagram.com/p/Cx1/ lol")).containsExactly("instagram");
    assertThat(services("mail.google.com shows a 502")).containsExactly("gmail");
    assertThat(services("#instagramdown")).containsExactly("instagram");
    assertThat(services("WhatsApp-Störung in ganz Deutschland")).containsExactly("whatsapp");
    assertThat(services("Whatsappstörung seit heute früh")).containsExactly("whatsapp");
    assertThat(services("#pannefree toute la soirée")).containsExactly("free");
  }

  @Test
  void emojiAndStyledLettersDoNotBreakWords() {
    assertThat(services("Insta🔥down😡")).containsExactly("instagram");
    assertThat(services("𝕏 est en panne")).containsExactly("x");
    assertThat(services("über das Wochenende")).isEmpty();
  }

  @Test
  void longestNameWinsAndListsStayTogether() {
    assertThat(services("facebook messenger won't send")).containsExactly("messenger");
    assertThat(services("Google Cloud console is down")).containsExactly("google-cloud");
    Classification c = SHIPPED.classify("Instagram, WhatsApp and Facebook are all down", "en");
    assertThat(c.verdicts()).extracting(Verdict::complaint).containsExactly(true, true, true);
  }

  @Test
  void contrastSplitsVerdicts() {
    Classification c = SHIPPED.classify("Instagram is back but WhatsApp is still down", "en");
    assertThat(c.about("instagram").complaint()).isFalse();
    assertThat(c.about("whatsapp").complaint()).isTrue();
  }
}
