package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A resolver's answer is untrusted input; dnsjava 3.7.1 throws unchecked exceptions on some
 * malformed messages. Whatever the bytes, {@link DnsAnswers#judge} returns one of the known
 * outcomes. The query id is taken from the input so that fuzzed answers get past the id check.
 * Regression seeds live in {@code DnsAnswersFuzzTestInputs/judge}.
 */
class DnsAnswersFuzzTest {
  private static final Set<String> OUTCOMES = Set.of(Outcomes.OK, Outcomes.NXDOMAIN, Outcomes.SERVFAIL, Outcomes.EMPTY,
      Outcomes.DNS_ERROR, Outcomes.MALFORMED, DnsAnswers.TRUNCATED);

  @FuzzTest(maxDuration = "60s")
  void judge(byte[] data) throws Exception {
    Message query = Message.newQuery(Record.newRecord(Name.fromString("facebook.com."), Type.A, DClass.IN));
    if (data.length >= 2) {
      query.getHeader().setID(((data[0] & 0xff) << 8) | (data[1] & 0xff));
    }
    DnsAnswers.Verdict v = DnsAnswers.judge(query, data);
    assertThat(v.outcome()).isIn(OUTCOMES);
    assertThat(v.detail()).isNotNull();
  }
}
