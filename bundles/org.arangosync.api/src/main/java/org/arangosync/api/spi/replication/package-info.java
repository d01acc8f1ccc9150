/**
 * The replication SPI: what leader/follower replication needs of an ArangoDB server, spoken in
 * ArangoDB's own replication API. An adapter registers a
 * {@link org.arangosync.api.spi.replication.ReplicationConnector} (OSGi service, and in
 * {@code META-INF/services} for the standalone launcher); the logger views and the applier use
 * it. Version 0.x: it grows with the applier.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.arangosync.api.spi.replication;
