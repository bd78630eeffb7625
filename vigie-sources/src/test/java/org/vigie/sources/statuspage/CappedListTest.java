package org.vigie.sources.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.OfficialStatus;

/**
 * Statuspage's list endpoints return the 50 newest items only. On GitHub's real capture (50
 * incidents), an incident still open when newer ones push it off the list is not taken for
 * resolved: the official level stays what it last said until the page says otherwise.
 */
class CappedListTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The capture with its oldest incident made a critical one (a major outage) still under investigation. */
  static ObjectNode withAnOpenOldestIncident() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.bytes("github-incidents.json"));
    ArrayNode list = (ArrayNode) root.get("incidents");
    ObjectNode oldest = (ObjectNode) list.get(list.size() - 1);
    oldest.put("status", "investigating").put("impact", "critical").putNull("resolved_at");
    ArrayNode updates = (ArrayNode) oldest.get("incident_updates");
    ObjectNode first = (ObjectNode) updates.get(updates.size() - 1);
    first.put("status", "investigating");
    updates.removeAll();
    updates.add(first);
    return root;
  }

  @Test
  void anOpenIncidentPushedOffTheListIsNotTakenForResolved() throws Exception {
    ObjectNode root = withAnOpenOldestIncident();
    OfficialStatusTracker tracker = new OfficialStatusTracker("github");
    StatusPage.Incidents before = StatuspageJson.incidents(JSON.writeValueAsBytes(root));
    assertThat(before.incidents()).hasSize(50);
    assertThat(before.capped()).isTrue();
    tracker.incidents(before.incidents());
    assertThat(tracker.currentLevel()).isEqualTo("major_outage");

    // A newer incident arrives: the open one falls off the 50.
    ArrayNode list = (ArrayNode) root.get("incidents");
    ObjectNode newer = list.get(0).deepCopy();
    newer.put("id", "newer000000").put("name", "Newer incident");
    ((ArrayNode) newer.get("incident_updates")).forEach(u -> ((ObjectNode) u).put("id", "newer-" + u.get("id").asText()));
    list.remove(list.size() - 1);
    list.insert(0, newer);
    StatusPage.Incidents after = StatuspageJson.incidents(JSON.writeValueAsBytes(root));
    assertThat(after.capped()).isTrue();
    List<OfficialStatus> said = tracker.incidents(after.incidents());

    assertThat(said).isNotEmpty().allMatch(s -> s.text().startsWith("Newer incident"));
    assertThat(tracker.currentLevel()).as("still what the page last said about it").isEqualTo("major_outage");
  }
}
