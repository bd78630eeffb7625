package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class DnsAnswersTest {
  @ParameterizedTest
  @CsvSource({"noerror-a, ok", "nxdomain, nxdomain", "servfail, servfail", "empty, empty", "truncated, truncated",
      "pointer-loop, malformed", "short-rdata, malformed"})
  void seedsAreJudgedAsTheirNameSays(String seed, String outcome) throws Exception {
    byte[] wire;
    try (InputStream in = getClass().getResourceAsStream("DnsAnswersFuzzTestInputs/judge/" + seed)) {
      wire = in.readAllBytes();
    }
    Message query = Message.newQuery(Record.newRecord(Name.fromString("facebook.com."), Type.A, DClass.IN));
    query.getHeader().setID(0x1234);
    assertThat(DnsAnswers.judge(query, wire).outcome()).isEqualTo(outcome);
  }
}
