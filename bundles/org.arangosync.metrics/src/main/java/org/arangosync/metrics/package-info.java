/**
 * The metrics API: labelled metric families over one Dropwizard registry per process, as the
 * product's components record them and {@code /metrics}, {@code /metrics.json} and JMX show them.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.arangosync.metrics;
