/**
 * The state SPI: key/value state shared by the sync masters of one datacenter, with time-to-live
 * and preconditions, and a leader lease built on it. ArangoSync keeps this state in the local
 * cluster's agency under {@code /arangodb/arangosync/}; an implementation registers a
 * {@link org.arangosync.api.spi.state.StateStore} service.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.arangosync.api.spi.state;
