package org.arangosync.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM files such as a CA file given with {@code --master.cacert}. */
public final class PemCertificates {

  private PemCertificates() {}

  /**
   * Every certificate in the file, in file order.
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no certificate; the
   *     message names the file and the problem
   */
  public static List<X509Certificate> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----')");
      }
      return certificates;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("certificate file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read certificate file " + file + ": " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          file + " is not a PEM certificate file (" + e.getMessage() + "); give the CA certificate, e.g. tls-ca.crt", e);
    }
  }
}
