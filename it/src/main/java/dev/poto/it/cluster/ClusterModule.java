package dev.poto.it.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Session calls for the multi-node tests. Every answer names the node that served it, so a test sees
 * how the load balancer spread a client's calls. {@link #whoami()} never touches the session: it must
 * keep working while the session store is down.
 */
@RpcModule("cluster")
public class ClusterModule extends PotoModule {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private final String nodeId;

  public ClusterModule(String nodeId) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
  }

  /** Stores {@code value} under {@code key} in the caller's session. */
  @Rpc
  public SessionReply put(String key, String value) {
    Sessions.setSessionValue(key, value);
    return reply(key, value);
  }

  /** Reads {@code key} from the caller's session. */
  @Rpc
  public SessionReply get(String key) {
    return reply(key, Sessions.getSessionValue(key, String.class).orElse(null));
  }

  /** Removes {@code key}; the reply carries the value it had, or null. */
  @Rpc
  public SessionReply remove(String key) {
    String before = Sessions.getSessionValue(key, String.class).orElse(null);
    Sessions.removeSessionValue(key);
    return reply(key, before);
  }

  /** Adds one to the counter under {@code key}, atomically across nodes; the count this call made. */
  @Rpc
  public CountReply increment(String key) {
    return new CountReply(nodeId, updateSessionValue(key, Integer.class, n -> n.orElse(0) + 1).orElseThrow());
  }

  /** The counter under {@code key}, 0 when there is none. */
  @Rpc
  public CountReply count(String key) {
    return new CountReply(nodeId, getSessionValue(key, Integer.class).orElse(0));
  }

  /** Appends {@code item} to the list under {@code key}, atomically across nodes; the list's new size. */
  @Rpc
  public CountReply append(String key, String item) {
    List<String> items = updateSessionValue(key, STRINGS, list -> {
      List<String> next = list.orElseGet(ArrayList::new);
      next.add(item);
      return next;
    }).orElseThrow();
    return new CountReply(nodeId, items.size());
  }

  /** The list under {@code key}, empty when there is none. */
  @Rpc
  public List<String> list(String key) {
    return getSessionValue(key, STRINGS).orElse(List.of());
  }

  /** The caller and the node, from the token alone: no session access. */
  @Rpc
  public NodeReply whoami() {
    PotoUser user = currentUser();
    return new NodeReply(nodeId, user.id(), user.roles().stream().sorted().toList());
  }

  private SessionReply reply(String key, String value) {
    return new SessionReply(nodeId, currentUser().id(), key, value);
  }
}
