package org.arangosync.certificates;

/** What a leaf certificate may be used for: its extended key usage. */
public enum Purpose {
  /** A TLS server (extended key usage serverAuth): masters, workers, the HTTPS server. */
  SERVER,
  /** A TLS client authenticating with its certificate (clientAuth): masters talking to the other datacenter. */
  CLIENT
}
