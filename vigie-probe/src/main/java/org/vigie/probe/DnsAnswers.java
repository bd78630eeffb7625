package org.vigie.probe;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Judges a resolver's raw answer to a query. The bytes come from the network and are untrusted:
 * dnsjava 3.7.1 throws unchecked exceptions (index, argument, state) on some malformed messages,
 * so every failure to parse or to walk the message is an outcome ({@link Outcomes#MALFORMED}),
 * never an exception.
 */
public final class DnsAnswers {
  /** Internal outcome: the answer was truncated and must be asked again over TCP. */
  static final String TRUNCATED = "truncated";

  private DnsAnswers() {}

  /** The outcome of {@code wire} as an answer to {@code query}, and a detail for people. */
  public record Verdict(String outcome, String detail) {}

  public static Verdict judge(Message query, byte[] wire) {
    try {
      return judgeUnsafe(query, wire);
    } catch (IOException | RuntimeException e) {
      return new Verdict(Outcomes.MALFORMED, "unparseable answer: " + Failures.describe(e));
    } catch (StackOverflowError e) {
      // deep compression-pointer chains; treat like any other garbage
      return new Verdict(Outcomes.MALFORMED, "unparseable answer: too deep");
    }
  }

  private static Verdict judgeUnsafe(Message query, byte[] wire) throws IOException {
    Message m = new Message(wire);
    if (m.getHeader().getID() != query.getHeader().getID() || !m.getHeader().getFlag(Flags.QR)) {
      return new Verdict(Outcomes.MALFORMED, "answer does not match the query id");
    }
    Record q = query.getQuestion();
    Record echoed = m.getQuestion();
    if (echoed != null && (!echoed.getName().equals(q.getName()) || echoed.getType() != q.getType())) {
      return new Verdict(Outcomes.MALFORMED, "answer is for another question: " + echoed);
    }
    if (m.getHeader().getFlag(Flags.TC)) {
      return new Verdict(TRUNCATED, "truncated");
    }
    int rcode = m.getRcode();
    if (rcode == Rcode.NXDOMAIN) {
      return new Verdict(Outcomes.NXDOMAIN, "NXDOMAIN");
    }
    if (rcode == Rcode.SERVFAIL) {
      return new Verdict(Outcomes.SERVFAIL, "SERVFAIL");
    }
    if (rcode != Rcode.NOERROR) {
      return new Verdict(Outcomes.DNS_ERROR, Rcode.string(rcode));
    }
    List<Record> answers = m.getSection(Section.ANSWER);
    long matching = answers.stream().filter(r -> r.getType() == q.getType()).count();
    if (matching == 0) {
      return new Verdict(Outcomes.EMPTY, "NOERROR without " + org.xbill.DNS.Type.string(q.getType()) + " records");
    }
    return new Verdict(Outcomes.OK, matching + " " + org.xbill.DNS.Type.string(q.getType()) + " records");
  }
}
