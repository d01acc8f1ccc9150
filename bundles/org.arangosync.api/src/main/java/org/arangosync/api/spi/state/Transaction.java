package org.arangosync.api.spi.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Operations on a {@link StateStore} applied together, guarded by preconditions. Immutable once
 * built; build one with {@link #builder()}.
 */
public final class Transaction {

  /** One change of a key. */
  public sealed interface Operation permits Set, Delete, Increment {
    String key();
  }

  /** Sets {@code key} to the JSON {@code value}; with a time to live the key vanishes after it. */
  public record Set(String key, String value, Duration timeToLive) implements Operation {
    public Set {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
        throw new IllegalArgumentException("a time to live must be positive, got " + timeToLive);
      }
    }
  }

  /** Removes {@code key} (and everything below it). */
  public record Delete(String key) implements Operation {
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Adds {@code step} to the number at {@code key} (an absent key counts as 0). */
  public record Increment(String key, long step) implements Operation {
    public Increment {
      Objects.requireNonNull(key, "key");
    }
  }

  /** A condition the transaction needs. */
  public sealed interface Precondition permits Equals, Absent, Present {
    String key();
  }

  /** {@code key} holds exactly the JSON {@code value}. */
  public record Equals(String key, String value) implements Precondition {
    public Equals {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code key} does not exist (or its time to live is over). */
  public record Absent(String key) implements Precondition {
    public Absent {
      Objects.requireNonNull(key, "key");
    }
  }

  /** {@code key} exists. */
  public record Present(String key) implements Precondition {
    public Present {
      Objects.requireNonNull(key, "key");
    }
  }

  private final List<Operation> operations;
  private final List<Precondition> preconditions;

  private Transaction(List<Operation> operations, List<Precondition> preconditions) {
    this.operations = List.copyOf(operations);
    this.preconditions = List.copyOf(preconditions);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Operation> operations() {
    return operations;
  }

  public List<Precondition> preconditions() {
    return preconditions;
  }

  @Override
  public String toString() {
    return "Transaction" + operations + (preconditions.isEmpty() ? "" : " if " + preconditions);
  }

  /** Builds a {@link Transaction}; at least one operation is needed. */
  public static final class Builder {
    private final List<Operation> operations = new ArrayList<>();
    private final List<Precondition> preconditions = new ArrayList<>();

    private Builder() {}

    public Builder set(String key, String jsonValue) {
      operations.add(new Set(key, jsonValue, null));
      return this;
    }

    public Builder set(String key, String jsonValue, Duration timeToLive) {
      operations.add(new Set(key, jsonValue, timeToLive));
      return this;
    }

    public Builder delete(String key) {
      operations.add(new Delete(key));
      return this;
    }

    public Builder increment(String key, long step) {
      operations.add(new Increment(key, step));
      return this;
    }

    public Builder ifEquals(String key, String jsonValue) {
      preconditions.add(new Equals(key, jsonValue));
      return this;
    }

    public Builder ifAbsent(String key) {
      preconditions.add(new Absent(key));
      return this;
    }

    public Builder ifPresent(String key) {
      preconditions.add(new Present(key));
      return this;
    }

    public Transaction build() {
      if (operations.isEmpty()) {
        throw new IllegalStateException("a transaction needs at least one operation");
      }
      return new Transaction(operations, preconditions);
    }
  }
}
