package org.arangosync.certificates.internal.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.GoDurations;

/** What the {@code create ...} commands share: reading flags into certificates and writing files. */
final class Issuing {

  static final String CA_VALIDITY = "131400h0m0s"; // 15 years, ArangoSync's CA default
  static final String TLS_VALIDITY = "17520h0m0s"; // 2 years
  static final String CLIENT_AUTH_VALIDITY = "8760h0m0s"; // 1 year

  private Issuing() {}

  static Duration validFor(String text) {
    try {
      return GoDurations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("--validfor: " + e.getMessage());
    }
  }

  static Issued createCa(String commonName, String validFor, KeyOptions key) {
    return run(() -> new CertificateIssuer().createCa(commonName, validFor(validFor), key.keyType()));
  }

  static Issued issue(Path caCert, Path caKey, Purpose purpose, SubjectOptions subject, String validFor) {
    Duration duration = validFor(validFor);
    KeyType keyType = subject.keyOptions.keyType();
    return run(() -> new CertificateIssuer().issue(Pem.readCa(caCert, caKey), purpose, subject.hosts, subject.emails, duration, keyType));
  }

  static void writeCa(Issued ca, Path cert, Path key, PrintWriter out) {
    write(List.of(SecureFiles.newFile(SecureFiles.file(cert, Pem.certificates(ca.certificates()))),
        SecureFiles.newFile(SecureFiles.secret(key, Pem.privateKey(ca.key())))));
    out.println("Created CA certificate " + cert + " and its private key " + key + " (" + describe(ca) + ").");
  }

  static void writeKeyfile(Issued issued, Path keyfile, PrintWriter out) {
    write(List.of(SecureFiles.secret(keyfile, Pem.keyfile(issued))));
    out.println("Created keyfile " + keyfile + " (" + describe(issued) + ").");
  }

  static void writeCertificateAndKey(Issued issued, Path cert, Path key, PrintWriter out) {
    write(List.of(SecureFiles.file(cert, Pem.certificates(issued.certificates())), SecureFiles.secret(key, Pem.privateKey(issued.key()))));
    out.println("Created certificate " + cert + " and its private key " + key + " (" + describe(issued) + ").");
  }

  static void writeKeystore(Issued issued, Path keystore, String password, String alias, PrintWriter out) {
    byte[] encoded = run(() -> {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      List<Certificate> chain = new ArrayList<>(issued.certificates());
      store.setKeyEntry(alias, issued.key(), password.toCharArray(), chain.toArray(Certificate[]::new));
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      store.store(bytes, password.toCharArray());
      return bytes.toByteArray();
    });
    write(List.of(SecureFiles.secret(keystore, encoded)));
    out.println("Created keystore " + keystore + " with entry '" + alias + "' (" + describe(issued) + ").");
  }

  private static void write(List<SecureFiles.Content> files) {
    run(() -> {
      SecureFiles.writeAll(files);
      return null;
    });
  }

  private static String describe(Issued issued) {
    return issued.certificate().getSubjectX500Principal().getName() + ", valid until " + issued.certificate().getNotAfter().toInstant();
  }

  interface Step<T> {
    T run() throws Exception;
  }

  /** Runs a step, turning bad input into one clear line for the operator. */
  static <T> T run(Step<T> step) {
    try {
      return step.run();
    } catch (CommandFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(e.getMessage(), e);
    } catch (Exception e) {
      throw new CommandFailure(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
  }
}
