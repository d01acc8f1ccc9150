/**
 * The transport SPI: named, ordered, at-least-once channels between the two datacenters. A
 * transport plugin registers a {@link org.arangosync.api.spi.transport.Transport} service with the
 * property {@code arangosync.transport=<type>} ({@code direct}, {@code kafka}); the core picks the
 * one named by {@code mq.type}. What travels is an {@link org.arangosync.api.spi.transport.Envelope}
 * in its versioned binary form. Version 0.x: it grows with the sync workers (0.2: {@link
 * org.arangosync.api.spi.transport.MessageTooLargeException}).
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.arangosync.api.spi.transport;
