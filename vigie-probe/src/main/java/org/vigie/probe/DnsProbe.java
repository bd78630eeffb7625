package org.vigie.probe;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS query sent by hand (UDP, then TCP when truncated) so that the raw answer goes through
 * {@link DnsAnswers#judge}, which never throws. All configured resolvers are asked at once, each on
 * its own virtual thread. The check passes when any resolver gives records; otherwise its outcome
 * is the failure most resolvers saw (ties go to the resolver listed first), so SERVFAIL from every
 * resolver reads as {@code servfail}, not as the first one's timeout.
 */
final class DnsProbe {
  /** Largest UDP answer accepted (EDNS0 is not used, but some servers send more than 512 anyway). */
  private static final int MAX_UDP = 4096;

  Attempt attempt(Check.Dns c, Duration timeout) {
    long t0 = System.nanoTime();
    Message query;
    try {
      query = Message.newQuery(Record.newRecord(Name.fromString(c.name(), Name.root), Type.value(c.type()), DClass.IN));
    } catch (TextParseException e) {
      return Attempt.of(Outcomes.MALFORMED, t0, "not a DNS name: " + c.name());
    }
    List<InetSocketAddress> resolvers = c.resolvers();
    DnsAnswers.Verdict[] verdicts = new DnsAnswers.Verdict[resolvers.size()];
    long[] latencies = new long[resolvers.size()];
    List<Thread> threads = new ArrayList<>(resolvers.size());
    for (int i = 0; i < resolvers.size(); i++) {
      int k = i;
      threads.add(Thread.ofVirtual().name("dns-" + c.name()).start(() -> {
        long s = System.nanoTime();
        verdicts[k] = ask(query, resolvers.get(k), timeout);
        latencies[k] = System.nanoTime() - s;
      }));
    }
    for (Thread t : threads) {
      try {
        t.join(timeout.plusMillis(500));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Attempt.of(Outcomes.TIMEOUT, t0, "interrupted");
      }
    }
    Map<String, Integer> votes = new LinkedHashMap<>();
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < verdicts.length; i++) {
      DnsAnswers.Verdict v = verdicts[i] == null ? new DnsAnswers.Verdict(Outcomes.TIMEOUT, "no answer") : verdicts[i];
      if (v.outcome().equals(Outcomes.OK)) {
        return new Attempt(Outcomes.OK, Duration.ofNanos(latencies[i]), resolvers.get(i) + ": " + v.detail());
      }
      votes.merge(v.outcome(), 1, Integer::sum);
      detail.append(i == 0 ? "" : "; ").append(resolvers.get(i)).append(": ").append(v.detail());
    }
    String worst = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return Attempt.of(worst, t0, detail.toString());
  }

  private static DnsAnswers.Verdict ask(Message query, InetSocketAddress resolver, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] wire = query.toWire();
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(resolver);
      s.send(new DatagramPacket(wire, wire.length));
      byte[] buf = new byte[MAX_UDP];
      while (true) {
        int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
        if (left <= 0) {
          return new DnsAnswers.Verdict(Outcomes.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        }
        s.setSoTimeout(left);
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        byte[] answer = Arrays.copyOf(p.getData(), p.getLength());
        DnsAnswers.Verdict v = DnsAnswers.judge(query, answer);
        if (v.outcome().equals(Outcomes.MALFORMED) && v.detail().contains("query id")) {
          continue; // a stray or spoofed datagram; keep waiting for ours
        }
        return v.outcome().equals(DnsAnswers.TRUNCATED) ? overTcp(query, resolver, deadline, timeout) : v;
      }
    } catch (SocketTimeoutException e) {
      return new DnsAnswers.Verdict(Outcomes.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new DnsAnswers.Verdict(Failures.classify(e), Failures.describe(e));
    }
  }

  private static DnsAnswers.Verdict overTcp(Message query, InetSocketAddress resolver, long deadline, Duration timeout) {
    try (Socket s = new Socket()) {
      int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      s.connect(resolver, left);
      s.setSoTimeout(left);
      byte[] wire = query.toWire();
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int len = in.readUnsignedShort();
      byte[] answer = in.readNBytes(len);
      DnsAnswers.Verdict v = DnsAnswers.judge(query, answer);
      return v.outcome().equals(DnsAnswers.TRUNCATED) ? new DnsAnswers.Verdict(Outcomes.MALFORMED, "truncated over TCP") : v;
    } catch (SocketTimeoutException e) {
      return new DnsAnswers.Verdict(Outcomes.TIMEOUT, "no TCP answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new DnsAnswers.Verdict(Failures.classify(e), Failures.describe(e));
    }
  }
}
