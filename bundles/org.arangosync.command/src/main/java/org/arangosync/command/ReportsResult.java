package org.arangosync.command;

/**
 * A command whose outcome is also data, not only text: what a program running it (a JavaScript
 * runbook, see {@link CommandRunner#execute}) gets back, e.g. the synchronization status a
 * {@code get status} showed. The command prints for people as always; this is the same answer
 * for programs.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ReportsResult {

  /** The result of the run that just ended, as JSON text; null when the run produced none (it failed, or printed help). */
  String resultJson();
}
