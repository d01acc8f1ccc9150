package org.arangosync.core.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.api.spi.transport.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The transports installed right now, by their {@value Transport#TYPE_PROPERTY} property: the sync
 * masters and workers look up the one {@code --mq.type} names here. Transports come and go with
 * their bundles (dynamic references), so installing or removing one never restarts the core.
 */
@Component(service = TransportRegistry.class, immediate = true)
public final class TransportRegistry {

  private final Map<String, Transport> byType = new ConcurrentHashMap<>();

  @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
  void addTransport(Transport transport, Map<String, Object> properties) {
    byType.put(typeOf(transport, properties), transport);
  }

  void removeTransport(Transport transport, Map<String, Object> properties) {
    // By identity: a replacement of the same type that arrived first stays.
    byType.computeIfPresent(typeOf(transport, properties), (type, current) -> current == transport ? null : current);
  }

  private static String typeOf(Transport transport, Map<String, Object> properties) {
    Object type = properties.get(Transport.TYPE_PROPERTY);
    return type == null ? transport.type() : type.toString();
  }

  /** The installed types, sorted. */
  public Set<String> types() {
    return new TreeSet<>(byType.keySet());
  }

  public Optional<Transport> find(String mqType) {
    return Optional.ofNullable(mqType == null ? null : byType.get(mqType));
  }

  /**
   * The transport {@code mqType} names.
   *
   * @throws IllegalArgumentException naming the type, the installed ones and the feature to install
   */
  public Transport require(String mqType) {
    return find(mqType).orElseThrow(() -> new IllegalArgumentException("unknown --mq.type '" + mqType + "': "
        + (byType.isEmpty() ? "no transport is installed; " : "installed transports are " + types() + "; use one of those or ")
        + "install its feature (feature:install arangosync-transport-" + mqType + ") and configure it"));
  }
}
