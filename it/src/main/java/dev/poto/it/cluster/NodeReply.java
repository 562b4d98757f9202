package dev.poto.it.cluster;

import java.util.List;

/** Which node answered a call that does not touch the session, and who the caller is there. */
public record NodeReply(String node, String userId, List<String> roles) {}
