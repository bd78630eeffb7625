package org.vigie.probe.fake;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server on a loopback UDP port (and the same TCP port for truncated answers) that answers
 * each name as told: records, NXDOMAIN, SERVFAIL, an empty NOERROR, garbage, or nothing at all.
 */
public final class FakeDnsServer implements AutoCloseable {
  public enum Mode { ANSWER, NXDOMAIN, SERVFAIL, EMPTY, SILENT, GARBAGE, TRUNCATED, REFUSED }

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private volatile Mode fallback = Mode.NXDOMAIN;

  public FakeDnsServer() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    // same port number for UDP and TCP, as a real resolver; retry if TCP's is taken
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int i = 0; i < 20 && t == null; i++) {
      u = new DatagramSocket(new InetSocketAddress(lo, 0));
      try {
        t = new ServerSocket(u.getLocalPort(), 50, lo);
      } catch (IOException e) {
        u.close();
      }
    }
    if (t == null) {
      throw new IOException("no free port for UDP and TCP");
    }
    this.udp = u;
    this.tcp = t;
    Thread.ofPlatform().daemon().name("fake-dns-udp").start(this::udpLoop);
    Thread.ofPlatform().daemon().name("fake-dns-tcp").start(this::tcpLoop);
  }

  public FakeDnsServer on(String name, Mode mode) {
    modes.put(name.endsWith(".") ? name : name + ".", mode);
    return this;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
  }

  private void udpLoop() {
    byte[] buf = new byte[1500];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] answer = answer(Arrays.copyOf(p.getData(), p.getLength()), false);
        if (answer != null) {
          udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
        }
      } catch (IOException e) {
        // closed or a bad packet
      }
    }
  }

  private void tcpLoop() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = in.readNBytes(in.readUnsignedShort());
        byte[] answer = answer(q, true);
        if (answer != null) {
          OutputStream out = s.getOutputStream();
          out.write(new byte[] {(byte) (answer.length >>> 8), (byte) answer.length});
          out.write(answer);
          out.flush();
        }
      } catch (IOException e) {
        // closed
      }
    }
  }

  private byte[] answer(byte[] query, boolean overTcp) throws IOException {
    Message q = new Message(query);
    Record question = q.getQuestion();
    Mode mode = modes.getOrDefault(question.getName().toString(), fallback);
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    r.addRecord(question, Section.QUESTION);
    switch (mode) {
      case SILENT -> {
        return null;
      }
      case GARBAGE -> {
        byte[] g = new byte[] {query[0], query[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 7, 0, 0, 0, 0, (byte) 0xC0, 0x0C};
        return g;
      }
      case NXDOMAIN -> r.getHeader().setRcode(Rcode.NXDOMAIN);
      case SERVFAIL -> r.getHeader().setRcode(Rcode.SERVFAIL);
      case REFUSED -> r.getHeader().setRcode(Rcode.REFUSED);
      case EMPTY -> { }
      case TRUNCATED -> {
        if (!overTcp) {
          r.getHeader().setFlag(Flags.TC);
        } else {
          addAnswer(r, question);
        }
      }
      case ANSWER -> addAnswer(r, question);
    }
    return r.toWire();
  }

  private static void addAnswer(Message r, Record question) throws IOException {
    Name name = question.getName();
    if (question.getType() == Type.NS) {
      r.addRecord(new NSRecord(name, DClass.IN, 300, Name.fromString("ns1.example.")), Section.ANSWER);
    } else if (question.getType() == Type.A) {
      r.addRecord(new ARecord(name, DClass.IN, 300, InetAddress.getByAddress(new byte[] {(byte) 157, (byte) 240, 1, 35})), Section.ANSWER);
    }
    // AAAA: no records, so an AAAA question on an ANSWER name reads as empty
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
