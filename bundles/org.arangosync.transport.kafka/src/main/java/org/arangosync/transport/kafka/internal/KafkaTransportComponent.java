package org.arangosync.transport.kafka.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.certificates.Pem;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transport in Karaf: a {@link Transport} service with {@code arangosync.transport=kafka}.
 * Activation checks the configuration but does not contact the brokers; uninstalling the bundle
 * takes the service away without touching the core.
 */
@Component(configurationPid = KafkaTransportConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = KafkaTransportConfiguration.class)
public final class KafkaTransportComponent {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTransportComponent.class);

  private ServiceRegistration<Transport> registration;
  private KafkaTransport transport;

  @Activate
  public void activate(KafkaTransportConfiguration configuration, BundleContext context) {
    transport = new KafkaTransport(settings(configuration));
    Hashtable<String, Object> type = new Hashtable<>();
    type.put(Transport.TYPE_PROPERTY, transport.type());
    registration = context.registerService(Transport.class, transport, type);
  }

  static KafkaTransport.Settings settings(KafkaTransportConfiguration configuration) {
    String prefix = KafkaTransportConfiguration.PID + ": ";
    try {
      String brokers = String.join(",", listValue(configuration.kafkaAddr()));
      List<String> topics = TransportTopics.of(listValue(configuration.transportTopics()), configuration.transportTopicsFile());
      String ca = configuration.caCertificateFile().isBlank() ? ""
          : Pem.certificates(Pem.readCertificates(Path.of(configuration.caCertificateFile())));
      Map<String, String> extra = new LinkedHashMap<>();
      for (String property : configuration.clientProperties()) {
        int equals = property.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException("client property '" + property + "' is not key=value");
        }
        extra.put(property.substring(0, equals).strip(), property.substring(equals + 1).strip());
      }
      KafkaTransport.Settings settings = new KafkaTransport.Settings(brokers, topics, ca,
          configuration.clientKeyfile().isBlank() ? null : Pem.readKeyfile(Path.of(configuration.clientKeyfile())),
          configuration.chunking(), configuration.maxMessageBytes(), configuration.maxUncommittedBytesPerChannel(),
          configuration.producerBufferBytes(), configuration.groupPrefix(), configuration.partitionsForNewTopics(),
          Duration.ofSeconds(configuration.connectTimeoutSeconds()), extra);
      LOG.info("Kafka transport for brokers {} over topics {}", brokers, topics);
      return settings;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(prefix + e.getMessage(), e);
    }
  }

  /** A list as a .cfg file gives it: one comma-separated value (or an array of them). */
  private static List<String> listValue(String[] values) {
    return Stream.of(values).flatMap(value -> Stream.of(value.split(","))).map(String::strip).filter(value -> !value.isEmpty())
        .toList();
  }

  @Deactivate
  public void deactivate() {
    if (registration != null) {
      registration.unregister();
    }
    if (transport != null) {
      transport.close();
    }
  }
}
