package org.arangosync.metrics.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The process's {@link Metrics} service (delegating to one {@link LabelledRegistry}), its JMX beans (domain {@value #JMX_DOMAIN}, one per
 * sample) and the routes {@code GET /metrics} and {@code GET /metrics.json} on every HTTPS server
 * of the process (audience {@link Audience#MONITORING}: the usual logins and the monitoring token).
 */
@Component(immediate = true, service = Metrics.class)
public final class MetricsComponent implements Metrics {

  static final String JMX_DOMAIN = "org.arangosync";

  private final LabelledRegistry registry = new LabelledRegistry();
  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private JmxReporter jmx;

  @Activate
  public void activate(BundleContext context) {
    jmx = JmxReporter.forRegistry(registry.registry()).inDomain(JMX_DOMAIN).build();
    jmx.start();
    for (RestRoute route : routes(registry)) {
      registrations.add(context.registerService(RestRoute.class, route, null));
    }
  }

  /** {@code GET /metrics} and {@code GET /metrics.json} of {@code registry}. */
  public static List<RestRoute> routes(LabelledRegistry registry) {
    return List.of(
        RestRoute.of("GET", "/metrics", Audience.MONITORING,
            request -> RestResponse.text(200, Exposition.PROMETHEUS_CONTENT_TYPE, Exposition.prometheus(registry))),
        RestRoute.of("GET", "/metrics.json", Audience.MONITORING, request -> RestResponse.json(200, Exposition.json(registry))));
  }

  @Override
  public Counter counter(String name, String help, String... labels) {
    return registry.counter(name, help, labels);
  }

  @Override
  public void gauge(String name, String help, Supplier<? extends Number> value, String... labels) {
    registry.gauge(name, help, value, labels);
  }

  @Override
  public void observe(SyncMetric metric, Supplier<? extends Number> value, String... labelValues) {
    registry.observe(metric, value, labelValues);
  }

  @Override
  public void remove(String name, String... labels) {
    registry.remove(name, labels);
  }

  @Override
  public MetricRegistry registry() {
    return registry.registry();
  }

  @Deactivate
  public void deactivate() {
    registrations.forEach(ServiceRegistration::unregister);
    registrations.clear();
    jmx.stop();
  }
}
