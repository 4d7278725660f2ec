package dev.agent.provider;

import dev.agent.chat.ChatException;
import dev.agent.config.ProviderConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a provider's TLS connections trust: the system's, plus those of its {@code
 * ca_file} (a company CA in front of a private endpoint, say), as OkHttp's {@code
 * HandshakeCertificates.addPlatformTrustedCertificates} would combine them.
 */
final class TrustedCertificates {
  /** A system's whole bundle of CAs is a few hundred KiB. */
  static final int MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

  private final X509TrustManager trustManager;
  private final SSLSocketFactory socketFactory;

  private TrustedCertificates(X509TrustManager trustManager, SSLSocketFactory socketFactory) {
    this.trustManager = trustManager;
    this.socketFactory = socketFactory;
  }

  X509TrustManager trustManager() {
    return trustManager;
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /**
   * The system's certificates and those of the provider's {@code ca_file}.
   *
   * @throws ChatException of kind {@code SETUP} when the file is missing, unreadable or holds no
   *     PEM certificate
   */
  static TrustedCertificates forProvider(ProviderConfig provider) throws ChatException {
    Path file = Path.of(provider.caFile());
    // Only a regular file of a sane size: /dev/zero or a FIFO would hang the request, and a file of
    // gigabytes would fill the heap.
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw problem(provider, "is not a regular file (expected a PEM certificate file)");
    }
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(MAX_CA_FILE_BYTES + 1);
      if (content.length > MAX_CA_FILE_BYTES) {
        throw problem(
            provider,
            "is larger than "
                + MAX_CA_FILE_BYTES / (1024 * 1024)
                + " MiB, far more than any certificate file");
      }
      extra =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(content));
    } catch (NoSuchFileException e) {
      throw problem(provider, "does not exist");
    } catch (AccessDeniedException e) {
      throw problem(provider, "cannot be read (permission denied)");
    } catch (CertificateException e) {
      throw problem(provider, "is not a PEM certificate file");
    } catch (IOException e) {
      throw problem(
          provider, "cannot be read (" + MessageText.oneLine(String.valueOf(e), 80) + ")");
    }
    if (extra.isEmpty()) {
      throw problem(provider, "holds no certificate");
    }
    try {
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (TrustManager manager : system.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          for (X509Certificate certificate : x509.getAcceptedIssuers()) {
            trusted.setCertificateEntry("system-" + n++, certificate);
          }
        }
      }
      for (Certificate certificate : extra) {
        trusted.setCertificateEntry("ca-file-" + n++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      X509TrustManager manager = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {manager}, null);
      return new TrustedCertificates(manager, context.getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK's default trust store cannot be combined", e);
    }
  }

  private static ChatException problem(ProviderConfig provider, String what) {
    return new ChatException(
        ChatException.Kind.SETUP,
        provider.id()
            + ": ca_file "
            + MessageText.oneLine(provider.caFile(), 200)
            + " "
            + what
            + "; fix ca_file under [model_providers."
            + provider.id()
            + "] in config.toml");
  }
}
