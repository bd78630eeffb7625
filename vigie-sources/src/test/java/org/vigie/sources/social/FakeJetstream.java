package org.vigie.sources.social;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A Jetstream stand-in on loopback that speaks RFC 6455: it answers the HTTP upgrade with the
 * right {@code Sec-WebSocket-Accept}, then a script per connection sends unmasked text frames and
 * may close. Small enough to read, so the test relies on the real wire format and nothing else.
 */
public final class FakeJetstream implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  public final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** The script: connection number (1-based) and a frame writer. */
  public FakeJetstream(BiConsumer<Integer, Conn> script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      int n = 0;
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          sockets.add(s);
          int number = ++n;
          Thread.ofVirtual().start(() -> serve(s, number, script));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** A post-creation commit event in Jetstream's JSON shape. */
  public static String post(long timeUs, String did, String rkey, String text, String lang) {
    return "{\"did\":\"" + did + "\",\"time_us\":" + timeUs + ",\"kind\":\"commit\",\"commit\":{\"rev\":\"3l3qo2vuowo2b\","
        + "\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\",\"record\":{\"$type\":"
        + "\"app.bsky.feed.post\",\"createdAt\":\"2026-11-24T11:58:01.000Z\",\"langs\":[\"" + lang + "\"],\"text\":\"" + text
        + "\"},\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi\"}}";
  }

  public int port() {
    return server.getLocalPort();
  }

  /** One accepted WebSocket connection. */
  public static final class Conn {
    private final Socket socket;
    private final OutputStream out;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    public void text(String s) {
      frame(0x1, s.getBytes(StandardCharsets.UTF_8));
    }

    public void closeFrame() {
      frame(0x8, new byte[] {0x03, (byte) 0xE8});
    }

    public void drop() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }

    private void frame(int opcode, byte[] payload) {
      try {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
          out.write(payload.length);
        } else if (payload.length < 65536) {
          out.write(126);
          out.write(payload.length >>> 8);
          out.write(payload.length & 0xff);
        } else {
          out.write(127);
          for (int i = 7; i >= 0; i--) {
            out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
          }
        }
        out.write(payload);
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private void serve(Socket s, int number, BiConsumer<Integer, Conn> script) {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      String requestLine = in.readLine();
      requestLines.add(requestLine);
      String key = null;
      for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
        if (h.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
          key = h.substring(18).trim();
        }
      }
      String accept = Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
          + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      script.accept(number, new Conn(s));
    } catch (Exception e) {
      // a connection the client dropped: nothing to serve
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
