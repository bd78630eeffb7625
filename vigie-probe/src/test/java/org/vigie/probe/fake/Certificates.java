package org.vigie.probe.fake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Test certificates made with the JDK's keytool: a fresh self-signed one and an expired one. */
public final class Certificates {
  private static final char[] PASS = "changeit".toCharArray();

  private Certificates() {}

  /** A PKCS#12 key store with one self-signed key for 127.0.0.1 and localhost. */
  public static KeyStore selfSigned(Path dir, String name, String startDate, int validityDays) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".p12");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-validity", Integer.toString(validityDays),
        "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
    if (startDate != null) {
      cmd.add("-startdate");
      cmd.add(startDate);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS);
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  public static SSLContext serverContext(KeyStore keys) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASS);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** A trust store holding the certificates of the given key stores. */
  public static KeyStore trusting(KeyStore... keys) throws GeneralSecurityException, IOException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    for (KeyStore k : keys) {
      Certificate c = k.getCertificate("server");
      ts.setCertificateEntry("trusted-" + i++, c);
    }
    return ts;
  }
}
