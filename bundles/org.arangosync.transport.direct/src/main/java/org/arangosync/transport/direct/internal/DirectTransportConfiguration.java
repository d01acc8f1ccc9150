package org.arangosync.transport.direct.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The direct transport of this worker: {@code etc/org.arangosync.transport.direct.cfg}. */
@ObjectClassDefinition(name = "arangosync direct transport", description = "The direct message queue: channels produced here are "
    + "served on an HTTPS server of the product; channels produced elsewhere are pulled over HTTPS.")
public @interface DirectTransportConfiguration {

  String PID = "org.arangosync.transport.direct";

  @AttributeDefinition(name = "HTTPS server", description = "Name of the org.arangosync.rest server that serves the channels.")
  String server() default "default";

  @AttributeDefinition(name = "Endpoints", description = "How the other datacenter reaches that server, e.g. https://10.0.0.5:8729.")
  String[] endpoints();

  @AttributeDefinition(name = "CA certificate file", required = false,
      description = "CA of that server's certificate, handed to consumers; empty: they trust the JVM's CAs.")
  String caCertificateFile() default "";

  @AttributeDefinition(name = "Client keyfile", required = false,
      description = "Certificate and key presented when this worker reads channels elsewhere (mutual TLS).")
  String clientKeyfile() default "";

  @AttributeDefinition(name = "Spill directory", required = false,
      description = "Where channels above their memory limit are written; default ${karaf.data}/arangosync/direct-mq.")
  String spillDirectory() default "";

  @AttributeDefinition(name = "Memory per channel (bytes)", min = "1")
  long memoryBytesPerChannel() default 16L << 20;

  @AttributeDefinition(name = "Disk per channel (bytes)", min = "1",
      description = "Beyond memory and this, producers wait for the consumer to commit.")
  long diskBytesPerChannel() default 1L << 30;

  @AttributeDefinition(name = "Token TTL (seconds)", min = "1", description = "Lifetime of channel tokens (ArangoSync: 6 hours).")
  long tokenTtlSeconds() default 21_600;
}
