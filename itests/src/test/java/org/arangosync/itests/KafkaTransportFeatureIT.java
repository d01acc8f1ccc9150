package org.arangosync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.api.spi.transport.Transport;
import org.awaitility.Awaitility;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Kafka transport as a plugin: its feature is installed into the running distribution, carries
 * a message through a real broker with the wrapped kafka-clients bundle, and is uninstalled again,
 * while the core bundle stays the same bundle, active and never refreshed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KafkaTransportFeatureIT extends KarafTestSupport {

  private static final String FEATURE = "arangosync-transport-kafka";
  private static final String FILTER = "(" + Transport.TYPE_PROPERTY + "=kafka)";

  @Inject private ConfigurationAdmin configurationAdmin;
  // The service behind feature:install, which the test's shell session (no admin subject) may not run.
  @Inject private FeaturesService featuresService;

  @Configuration
  public Option[] configuration() throws Exception {
    return OptionUtils.combine(distribution(), systemProperty("itest.kafka.bootstrap").value(OutsideKaraf.kafkaBootstrapServers()));
  }

  @Before
  public void awaitBoot() {
    awaitCommand("arangosync", "get-version");
  }

  @Test
  public void theKafkaTransportComesAndGoesWithItsFeatureWithoutTouchingTheCore() throws Exception {
    Bundle core = bundle("org.arangosync.core").orElseThrow();
    long coreId = core.getBundleId();
    long coreModified = core.getLastModified();
    assertTrue("not installed before the test", bundle("org.arangosync.transport.kafka").isEmpty());

    featuresService.installFeature(FEATURE);
    org.osgi.service.cm.Configuration kafka = configurationAdmin.getConfiguration("org.arangosync.transport.kafka", "?");
    try {
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put("kafkaAddr", new String[] {System.getProperty("itest.kafka.bootstrap")});
      properties.put("transportTopics", new String[] {"itest-1", "itest-2"});
      kafka.update(properties);
      Transport transport = awaitService(Transport.class, FILTER);
      // The core's transport registry takes the new transport up (it uses the service), without being refreshed.
      Awaitility.await("the core to use the kafka transport").atMost(Duration.ofSeconds(30)).until(() -> {
        ServiceReference<Transport> reference = bundleContext.getServiceReferences(Transport.class, FILTER).iterator().next();
        Bundle[] users = reference.getUsingBundles();
        return users != null && Arrays.stream(users).anyMatch(user -> user.getBundleId() == coreId);
      });

      ChannelName channel = new ChannelName("itest.kafka");
      ChannelProducer producer = transport.producer(channel);
      Envelope sent = new Envelope(channel, MessageKind.DATA, null, new Tick(1), new Tick(2),
          "{\"_key\":\"k\"}".getBytes(StandardCharsets.UTF_8));
      producer.send(List.of(sent), Duration.ofSeconds(30));
      ChannelConsumer consumer = transport.consumer(channel, producer.access());
      List<ChannelConsumer.Delivery> received = Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> consumer.poll(10, Duration.ofSeconds(1)), list -> !list.isEmpty());
      assertEquals(sent, received.get(0).envelope());
      consumer.commit(received.get(0).offset());
      consumer.close();
      producer.close();
    } finally {
      kafka.delete();
    }

    featuresService.uninstallFeature(FEATURE);
    Awaitility.await("the kafka transport to go").atMost(Duration.ofSeconds(30))
        .until(() -> bundleContext.getServiceReferences(Transport.class, FILTER).isEmpty());
    assertTrue("the transport bundle is gone", bundle("org.arangosync.transport.kafka").isEmpty());
    assertTrue("the direct transport bundle stays", bundle("org.arangosync.transport.direct").isPresent());

    Bundle coreAfter = bundle("org.arangosync.core").orElseThrow();
    assertEquals("the core bundle is the same", coreId, coreAfter.getBundleId());
    assertEquals("the core bundle was not refreshed", coreModified, coreAfter.getLastModified());
    assertEquals(Bundle.ACTIVE, coreAfter.getState());
  }

  private Optional<Bundle> bundle(String symbolicName) {
    return Arrays.stream(bundleContext.getBundles()).filter(bundle -> symbolicName.equals(bundle.getSymbolicName())).findFirst();
  }
}
