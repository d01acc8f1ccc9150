package org.arangosync.core.internal.master;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of this process's sync master (PID {@value #PID}); {@code arangosync run master} writes it from its flags. */
@ObjectClassDefinition(name = "arangosync sync master", description = "A sync master of this datacenter: takes part in the "
    + "election of the leader in the cluster's agency and serves the master API on an HTTPS server of the product.")
public @interface MasterConfiguration {

  String PID = "org.arangosync.master";

  @AttributeDefinition(name = "HTTPS server", description = "Name of the org.arangosync.rest server that serves the master API.")
  String server() default "master";

  @AttributeDefinition(name = "Endpoint", description = "--server.endpoint: how the other masters and the workers of this "
      + "datacenter reach this master, e.g. https://10.0.0.1:8629.")
  String endpoint();

  @AttributeDefinition(name = "Public endpoints", required = false,
      description = "--master.endpoint: how the other datacenter reaches the masters of this one.")
  String[] masterEndpoints() default {};

  @AttributeDefinition(name = "Keyfile", required = false, description = "The TLS keyfile of the master's HTTPS server: "
      + "requests forwarded to the leader trust the CA that signed it; empty: the JVM's CAs.")
  String keyfile() default "";

  @AttributeDefinition(name = "Leader lease (seconds)", min = "3", description = "Time to live of the leader key and of the "
      + "masters' announcements; a standby takes over at most this long after the leader went.")
  int leaseSeconds() default 10;

  @AttributeDefinition(name = "Cluster endpoints", required = false, description = "--cluster.endpoint as http(s) URLs: "
      + "the coordinators the workers of this datacenter are told to use.")
  String[] clusterEndpoints() default {};

  @AttributeDefinition(name = "Cluster JWT secret file", required = false, description = "--cluster.jwt-secret: the cluster's "
      + "secret, which the workers of this datacenter are given to talk to the cluster.")
  String clusterJwtSecretFile() default "";

  @AttributeDefinition(name = "Transport type", description = "--mq.type: the transport the workers use (direct or kafka).")
  String mqType() default "direct";

  @AttributeDefinition(name = "Kafka brokers", required = false, description = "--mq.kafka-addr, for workers over Kafka.")
  String[] mqKafkaAddr() default {};

  @AttributeDefinition(name = "Kafka transport topics", required = false, description = "--mq.transport-topic, for workers over Kafka.")
  String[] mqTransportTopics() default {};

  @AttributeDefinition(name = "Kafka transport topics file", required = false, description = "--mq.transport-topicsfile.")
  String mqTransportTopicsFile() default "";

  @AttributeDefinition(name = "Kafka CA file", required = false, description = "--mq.kafka-cacert.")
  String mqKafkaCaFile() default "";

  @AttributeDefinition(name = "Kafka client keyfile", required = false, description = "--mq.kafka-client-keyfile.")
  String mqKafkaClientKeyfile() default "";

  @AttributeDefinition(name = "Worker registration (seconds)", min = "5", description = "How long a worker stays registered "
      + "without renewing; its tasks move to other workers after that.")
  int workerTtlSeconds() default 30;

  @AttributeDefinition(name = "State store", description = "Filter for the datacenter's state store (the cluster's agency "
      + "through the ArangoDB adapter configuration of that name).")
  String stateStore_target() default "(arangosync.cluster=local)";

  @AttributeDefinition(description = "Filter selecting the ClusterStore of this datacenter's cluster (read-only switch of a "
      + "barrier, checksums of check sync)")
  String clusterStore_target() default "(arangosync.cluster=local)";
}
