package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One node of the agency tree: ArangoDB's {@code arangodb::consensus::Node}, made immutable.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>A node is either a <em>leaf</em> holding a value, which is a scalar, {@code null} or an
 *       array (arrays are values and may contain objects), or an <em>inner node</em> holding
 *       children. An inner node without children reads as {@code {}}. A JSON object written to
 *       the agency never becomes a leaf value: it is decomposed into inner nodes, as ArangoDB's
 *       {@code Node::applies} does.
 *   <li>Child names are non-empty and contain no {@code /} (see {@link AgencyPath}).
 *   <li>A node is never changed after construction; every update returns new nodes along the
 *       updated path and shares the rest. Leaf values are private copies: they are copied on the
 *       way in ({@link #fromJson}) and on the way out ({@link #render}), so nobody outside can
 *       change them.
 *   <li>{@code expiresAt} is the node's own time to live; {@code earliestExpiry} is the earliest
 *       {@code expiresAt} in the subtree, so a purge only visits subtrees that hold an expired
 *       node. A node is expired when {@code expiresAt} lies strictly before "now"; at the very
 *       instant it is still alive, as in ArangoDB's {@code Node::exists} ({@code _ttl >= now}).
 * </ul>
 */
final class Node {

  static final Node EMPTY = new Node(null, Collections.emptySortedMap(), null);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final JsonNode value;
  private final SortedMap<String, Node> children;
  private final Instant expiresAt;
  private final Instant earliestExpiry;

  private Node(JsonNode value, SortedMap<String, Node> children, Instant expiresAt) {
    this.value = value;
    this.children = children;
    this.expiresAt = expiresAt;
    Instant earliest = expiresAt;
    for (Node child : children.values()) {
      earliest = earlier(earliest, child.earliestExpiry);
    }
    this.earliestExpiry = earliest;
  }

  /** A leaf holding a private copy of {@code value}, which must not be an object. */
  static Node leaf(JsonNode value) {
    if (value.isObject()) {
      throw new IllegalArgumentException("an object is a tree, not a leaf value");
    }
    return new Node(value.deepCopy(), Collections.emptySortedMap(), null);
  }

  /**
   * The tree a JSON value becomes when it is written: an object becomes an inner node whose
   * attributes are children, anything else a leaf. An attribute name containing {@code /} is a
   * relative path ({@code {"b///c": 4}} creates {@code b} and below it {@code c}), as in the
   * agency test {@code slash_o_rama}; attributes are applied in document order, so a later
   * attribute replaces what an earlier one built at the same place. A name that reduces to no
   * segment at all ({@code "/"}) addresses the node itself.
   */
  static Node fromJson(JsonNode json) {
    if (!json.isObject()) {
      return leaf(json);
    }
    Node tree = EMPTY;
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      Node subtree = fromJson(field.getValue());
      tree = tree.update(AgencyPath.split(field.getKey()), current -> subtree);
    }
    return tree;
  }

  boolean isLeaf() {
    return value != null;
  }

  /** The leaf value (shared, never to be modified) or {@code null} for an inner node. */
  JsonNode value() {
    return value;
  }

  /** The node at {@code path} below this one, or {@code null}. */
  Node get(List<String> path) {
    Node current = this;
    for (String segment : path) {
      current = current.children.get(segment);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** How many leading segments of {@code path} exist below this node. */
  int existingPrefixLength(List<String> path) {
    Node current = this;
    int depth = 0;
    for (String segment : path) {
      current = current.children.get(segment);
      if (current == null) {
        break;
      }
      depth++;
    }
    return depth;
  }

  /** This node with time to live until {@code instant} ({@code null}: none). */
  Node withExpiry(Instant instant) {
    return new Node(value, children, instant);
  }

  /**
   * A new tree in which the node at {@code path} is replaced by {@code change.apply(old)}, where
   * {@code old} is {@code null} if absent and a {@code null} result removes the node (the root
   * becomes {@link #EMPTY}). Missing inner nodes on the way are created; a leaf on the way loses
   * its value and becomes an inner node, as ArangoDB's {@code Node::operator()(path)} does. The
   * nodes on the way keep their own time to live: changing {@code /version/c} does not renew or
   * cancel a TTL set on {@code /version} (agency test {@code op_push}).
   */
  <E extends Exception> Node update(List<String> path, Change<E> change) throws E {
    Node result = updateFrom(this, path, 0, change);
    return result == null ? EMPTY : result;
  }

  /** The replacement of one node: {@code null} in for an absent node, out to remove it. */
  @FunctionalInterface
  interface Change<E extends Exception> {
    Node apply(Node current) throws E;
  }

  private static <E extends Exception> Node updateFrom(
      Node node, List<String> path, int depth, Change<E> change) throws E {
    if (depth == path.size()) {
      return change.apply(node);
    }
    String segment = path.get(depth);
    Node base = node == null ? EMPTY : node;
    Node child = base.children.get(segment);
    Node updated = updateFrom(child, path, depth + 1, change);
    if (updated == child && !base.isLeaf() && node != null) {
      return node;
    }
    TreeMap<String, Node> children = new TreeMap<>(base.children);
    if (updated == null) {
      children.remove(segment);
    } else {
      children.put(segment, updated);
    }
    return new Node(null, Collections.unmodifiableSortedMap(children), base.expiresAt);
  }

  /**
   * This tree without the nodes expired at {@code now}, or {@code null} if this node itself has
   * expired. Parents of removed nodes stay, as after ArangoDB's TTL {@code delete} (agency test
   * {@code op_set_new}: after {@code /foo/bar} expires, {@code /foo} reads as {@code {}}).
   */
  Node purge(Instant now) {
    if (earliestExpiry == null || !earliestExpiry.isBefore(now)) {
      return this;
    }
    if (expiresAt != null && expiresAt.isBefore(now)) {
      return null;
    }
    TreeMap<String, Node> kept = new TreeMap<>(children);
    for (Map.Entry<String, Node> child : children.entrySet()) {
      Node purged = child.getValue().purge(now);
      if (purged == null) {
        kept.remove(child.getKey());
      } else if (purged != child.getValue()) {
        kept.put(child.getKey(), purged);
      }
    }
    return new Node(value, Collections.unmodifiableSortedMap(kept), expiresAt);
  }

  /**
   * This subtree as JSON (a fresh copy). Children whose name starts with {@code .} are left out
   * unless {@code showHidden}, as in ArangoDB's {@code Node::toBuilder(builder, showHidden)}.
   */
  JsonNode render(boolean showHidden) {
    if (isLeaf()) {
      return value.deepCopy();
    }
    ObjectNode object = JSON.objectNode();
    for (Map.Entry<String, Node> child : children.entrySet()) {
      if (showHidden || !child.getKey().startsWith(".")) {
        object.set(child.getKey(), child.getValue().render(showHidden));
      }
    }
    return object;
  }

  /** Calls {@code visitor} with the path of every node in this subtree that has a time to live. */
  void forEachExpiry(BiConsumer<List<String>, Instant> visitor) {
    visitExpiries(new ArrayList<>(), visitor);
  }

  private void visitExpiries(List<String> path, BiConsumer<List<String>, Instant> visitor) {
    if (earliestExpiry == null) {
      return;
    }
    if (expiresAt != null) {
      visitor.accept(List.copyOf(path), expiresAt);
    }
    for (Map.Entry<String, Node> child : children.entrySet()) {
      path.add(child.getKey());
      child.getValue().visitExpiries(path, visitor);
      path.remove(path.size() - 1);
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }
}
