package org.arangosync.certificates;

/** What a leaf certificate may be used for: its extended key usage. */
public enum Purpose {
  /** A TLS server (extended key usage serverAuth): masters, workers, the HTTPS server. */
  SERVER,
  /** A TLS client authenticating with its certificate (clientAuth): masters talking to the other datacenter. */
  CLIENT,
  /**
   * Both (serverAuth and clientAuth): a peer that accepts and opens connections with the same
   * certificate, e.g. a Kafka broker (Kafka refuses a broker keystore that cannot do both).
   */
  SERVER_AND_CLIENT
}
