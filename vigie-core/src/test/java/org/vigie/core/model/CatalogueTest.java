package org.vigie.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigie.core.model.ServiceTest.APP;
import static org.vigie.core.model.ServiceTest.LOGIN;
import static org.vigie.core.model.ServiceTest.service;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueTest {
  private final Service instagram = service("instagram", "meta", List.of(APP, LOGIN));
  private final Service whatsapp = service("whatsapp", "meta", List.of(APP));
  private final Service psn = service("playstation-network", "sony", List.of(LOGIN));
  private final Catalogue catalogue = Catalogue.of(List.of(instagram, whatsapp, psn));

  @Test
  void findsServicesBySlugAndDenseIndex() {
    assertThat(catalogue.size()).isEqualTo(3);
    assertThat(catalogue.find("whatsapp")).contains(whatsapp);
    assertThat(catalogue.find("myspace")).isEmpty();
    for (Service s : catalogue.services()) {
      assertThat(catalogue.byIndex(catalogue.indexOf(s.slug()))).isEqualTo(s);
    }
    assertThat(catalogue.indexOf("instagram")).isEqualTo(0);
    assertThat(catalogue.indexOf("playstation-network")).isEqualTo(2);
    assertThat(catalogue.indexOf("myspace")).isEqualTo(-1);
  }

  @Test
  void refusesAServiceListedTwice() {
    assertThatThrownBy(() -> Catalogue.of(List.of(instagram, whatsapp, instagram)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instagram");
  }

  @Test
  void withAddsOrReplacesWithoutTouchingTheOriginal() {
    Service messenger = service("messenger", "meta", List.of(APP));
    Catalogue more = catalogue.with(messenger);
    assertThat(more.size()).isEqualTo(4);
    assertThat(more.find("messenger")).contains(messenger);
    assertThat(more.byIndex(more.indexOf("messenger"))).isEqualTo(messenger);
    assertThat(catalogue.find("messenger")).as("catalogues are immutable").isEmpty();

    Service renamed = new Service("instagram", "Instagram (Meta)", "social", "meta", null, null, null, List.of(APP), null, null, null);
    Catalogue replaced = catalogue.with(renamed);
    assertThat(replaced.size()).isEqualTo(3);
    assertThat(replaced.find("instagram")).contains(renamed);
    assertThat(catalogue.find("instagram")).contains(instagram);
  }

  @Test
  void withoutRemovesAndReindexes() {
    Catalogue fewer = catalogue.without("instagram");
    assertThat(fewer.size()).isEqualTo(2);
    assertThat(fewer.find("instagram")).isEmpty();
    assertThat(fewer.indexOf("instagram")).isEqualTo(-1);
    for (Service s : fewer.services()) {
      assertThat(fewer.byIndex(fewer.indexOf(s.slug()))).isEqualTo(s);
    }
    assertThat(catalogue.without("myspace").size()).isEqualTo(3);
  }

  @Test
  void siblingsShareTheParent() {
    assertThat(catalogue.siblings(instagram)).containsExactly(whatsapp);
    assertThat(catalogue.siblings(psn)).isEmpty();
    assertThat(catalogue.siblings(service("myspace", null, List.of(APP)))).isEmpty();
  }
}
