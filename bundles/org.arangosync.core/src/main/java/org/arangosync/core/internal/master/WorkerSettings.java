package org.arangosync.core.internal.master;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a master tells every worker of its datacenter in {@code POST /_api/worker/configure}
 * besides the worker's own TLS certificate: how to reach the local cluster and the message queue.
 * Workers get no {@code cluster.*} or {@code mq.*} options of their own; this is their only source.
 *
 * @param clusterEndpoints the coordinators' URLs ({@code --cluster.endpoint}); at least one
 * @param clusterJwtSecret the cluster's JWT secret ({@code --cluster.jwt-secret}), with which workers talk to ArangoDB
 * @param maxDocumentSize the largest document the workers may send, in bytes
 * @param mq the message queue the workers use
 * @param masterCaCertificate PEM of the CA(s) that signed the masters' certificates (workers have no
 *     flag for it: they pin it from the first configuration, which they fetch authenticated by JWT); may be empty
 */
public record WorkerSettings(List<String> clusterEndpoints, String clusterJwtSecret, long maxDocumentSize, Mq mq,
    String masterCaCertificate) {

  /** Settings without a CA for the masters' certificates (workers then keep trusting what they first met). */
  public WorkerSettings(List<String> clusterEndpoints, String clusterJwtSecret, long maxDocumentSize, Mq mq) {
    this(clusterEndpoints, clusterJwtSecret, maxDocumentSize, mq, "");
  }

  /**
   * The message queue section of the configuration.
   *
   * @param type {@code direct} or {@code kafka}
   * @param endpoints where the queue is reached
   * @param authentication how workers authenticate to it, passed through as JSON (e.g. a CA certificate and a token)
   */
  public record Mq(String type, List<String> endpoints, Map<String, Object> authentication) {
    public Mq {
      Objects.requireNonNull(type, "type");
      endpoints = List.copyOf(endpoints);
      authentication = Map.copyOf(authentication);
    }
  }

  public WorkerSettings {
    clusterEndpoints = List.copyOf(clusterEndpoints);
    if (clusterEndpoints.isEmpty()) {
      throw new IllegalArgumentException("workers need at least one cluster endpoint (--cluster.endpoint)");
    }
    Objects.requireNonNull(clusterJwtSecret, "clusterJwtSecret");
    Objects.requireNonNull(mq, "mq");
    masterCaCertificate = Objects.requireNonNullElse(masterCaCertificate, "");
  }
}
