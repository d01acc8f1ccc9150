package org.arangosync.core.internal.sync;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of this process's sync worker (PID {@value #PID}); {@code arangosync run worker} writes it. */
@ObjectClassDefinition(name = "arangosync sync worker", description = "A sync worker of this datacenter: registers with the "
    + "masters and runs the synchronisation tasks they assign it.")
public @interface SyncWorkerConfiguration {

  String PID = "org.arangosync.worker";

  @AttributeDefinition(name = "Endpoint", description = "--server.endpoint: how the masters of this datacenter reach this "
      + "worker, e.g. https://10.0.0.1:8729.")
  String endpoint();

  @AttributeDefinition(name = "Master endpoints", description = "--master.endpoint: the masters of this datacenter.")
  String[] masterEndpoints();

  @AttributeDefinition(name = "Master JWT secret file", description = "--master.jwt-secret: the secret shared by the masters "
      + "and workers of this datacenter.")
  String jwtSecretFile();

  @AttributeDefinition(name = "Master CA file", required = false, description = "CA certificate(s) of the masters' TLS "
      + "certificates; arangosync run worker pins what the masters sent at the first contact. Empty: accept any (warned).")
  String masterCaFile() default "";

  @AttributeDefinition(name = "Host id", required = false, description = "The machine this worker runs on (default: its host name).")
  String hostId() default "";

  @AttributeDefinition(name = "Poll interval (ms)", min = "50", description = "How often the worker renews its registration, "
      + "asks for its tasks and reports their status.")
  int pollIntervalMillis() default 1000;

  @AttributeDefinition(name = "Inventory interval (ms)", min = "50", description = "How often a send-inventory task reads the "
      + "cluster's structure.")
  int inventoryIntervalMillis() default 1000;

  @AttributeDefinition(name = "State store", description = "Filter for the datacenter's state store (the agency).")
  String stateStore_target() default "(arangosync.cluster=local)";

  @AttributeDefinition(name = "Cluster", description = "Filter for the datacenter's cluster.")
  String clusterStore_target() default "(arangosync.cluster=local)";

  @AttributeDefinition(name = "Transport", description = "Filter for the transport: (arangosync.transport=direct) or kafka.")
  String transport_target() default "(arangosync.transport=direct)";
}
