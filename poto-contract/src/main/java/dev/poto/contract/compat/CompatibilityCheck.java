package dev.poto.contract.compat;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists every difference between a baseline contract and the current one, each classified by whom it
 * breaks (docs/CONTRACT.md has the table). The rules follow from how Poto reads JSON: strictly at both
 * ends (an unknown parameter or property, a missing required one, {@code null} where it is not allowed,
 * an unknown enum constant are all refused), with absent optional parameters left out by both clients.
 *
 * <p>Data flows two ways. What clients send (parameters and the types they reach) is read by the server:
 * a change breaks old clients when the new server refuses what an old client sends, and old servers when
 * an old server refuses what a new client sends. What servers send (results, declared errors) is read by
 * clients: a change breaks old clients when they refuse what the new server sends, and old servers when
 * new clients refuse what an old server sends. A type used both ways gets both.
 */
public final class CompatibilityCheck {
  /**
   * Which way a type travels. {@code ERROR}: a declared error's own fields, sent by the server; clients
   * skip members they do not know there (a newer server's fields, like Poto's own problem members), so
   * only a missing field is refused. The types those fields reach travel {@code OUTPUT}.
   */
  enum Direction { INPUT, OUTPUT, ERROR }

  private final Contract baseline;
  private final Contract current;
  private final Map<String, Set<Direction>> baselineUse;
  private final Map<String, Set<Direction>> currentUse;
  private final List<Change> changes = new ArrayList<>();

  private CompatibilityCheck(Contract baseline, Contract current) {
    this.baseline = baseline;
    this.current = current;
    this.baselineUse = use(baseline);
    this.currentUse = use(current);
  }

  /** Every difference, sorted by location then rule. */
  public static List<Change> compare(Contract baseline, Contract current) {
    CompatibilityCheck check = new CompatibilityCheck(Objects.requireNonNull(baseline), Objects.requireNonNull(current));
    check.modules();
    check.types();
    List<Change> sorted = new ArrayList<>(check.changes);
    sorted.sort(Comparator.comparing(Change::location).thenComparing(Change::rule));
    return List.copyOf(sorted);
  }

  private void add(String rule, String location, Impact impact, String message) {
    changes.add(new Change(rule, location, impact, message));
  }

  // ---- modules and methods

  private void modules() {
    Set<String> routes = new TreeSet<>();
    baseline.modules().forEach(m -> routes.add(m.route()));
    current.modules().forEach(m -> routes.add(m.route()));
    for (String route : routes) {
      ContractModule before = baseline.module(route).orElse(null);
      ContractModule after = current.module(route).orElse(null);
      if (after == null) {
        add("module-removed", route, Impact.BREAKS_OLD_CLIENTS, "Module '" + route + "' was removed (or its route"
            + " renamed): old clients calling any of its methods get 404 unknown_module.");
      } else if (before == null) {
        add("module-added", route, Impact.COMPATIBLE, "Module '" + route + "' was added: old clients do not"
            + " call it; old servers answer it with 404 unknown_module.");
      } else {
        methods(before, after);
      }
    }
  }

  private void methods(ContractModule before, ContractModule after) {
    Set<String> names = new TreeSet<>();
    before.methods().forEach(m -> names.add(m.name()));
    after.methods().forEach(m -> names.add(m.name()));
    for (String name : names) {
      String where = before.route() + "." + name;
      ContractMethod old = before.method(name).orElse(null);
      ContractMethod now = after.method(name).orElse(null);
      if (now == null) {
        add("method-removed", where, Impact.BREAKS_OLD_CLIENTS, "Method " + where + " was removed (or renamed):"
            + " old clients calling it get 404 unknown_method.");
      } else if (old == null) {
        add("method-added", where, Impact.COMPATIBLE, "Method " + where + " was added: old clients do not call"
            + " it; old servers answer it with 404 unknown_method.");
      } else {
        access(where, old.access(), now.access());
        params(where, old, now);
        result(where, old.result(), now.result());
        errors(where, old, now);
      }
    }
  }

  private void access(String where, ContractAccess old, ContractAccess now) {
    if (!allows(now, old)) {
      add("access-tightened", where + ":access", Impact.BREAKS_OLD_CLIENTS, "Access to " + where
          + " tightened from " + describe(old) + " to " + describe(now) + ": old clients whose callers are no longer"
          + " allowed get " + (old.publicAccess() && !now.publicAccess() ? "401 (a token is now needed)" : "403") + ".");
    }
    if (!allows(old, now)) {
      add("access-loosened", where + ":access", Impact.BREAKS_OLD_SERVERS, "Access to " + where
          + " loosened from " + describe(old) + " to " + describe(now) + ": new clients relying on it get "
          + (now.publicAccess() && !old.publicAccess() ? "401" : "403") + " from old servers.");
    }
  }

  /** Whether every caller {@code inner} lets in, {@code outer} lets in too. */
  private static boolean allows(ContractAccess outer, ContractAccess inner) {
    if (outer.publicAccess()) {
      return true;
    }
    if (inner.publicAccess()) {
      return false;
    }
    if (outer.roles().isEmpty()) {
      return true;
    }
    return !inner.roles().isEmpty() && outer.roles().containsAll(inner.roles());
  }

  private static String describe(ContractAccess access) {
    if (access.publicAccess()) {
      return "anyone (public)";
    }
    return access.roles().isEmpty() ? "any signed-in caller" : "callers with one of the roles " + access.roles();
  }

  private void params(String where, ContractMethod old, ContractMethod now) {
    for (ContractParam before : old.params()) {
      String at = where + "(" + before.name() + ")";
      ContractParam after = now.param(before.name()).orElse(null);
      if (after == null) {
        add("parameter-removed", at, Impact.BREAKS_OLD_CLIENTS, "Parameter '" + before.name() + "' of " + where
            + " was removed (or renamed): old clients that send it get 400 unknown_argument.");
        continue;
      }
      TypeRef oldType = before.type();
      TypeRef newType = after.type();
      if (before.required() && !after.required()) {
        add("parameter-became-optional", at, Impact.BREAKS_OLD_SERVERS, "Parameter '" + before.name() + "' of "
            + where + " became optional: new clients that leave it out get 400 missing_argument from old servers.");
        oldType = oldType.nonNull();
        newType = newType.nonNull();
      } else if (!before.required() && after.required()) {
        add("parameter-became-required", at, Impact.BREAKS_OLD_CLIENTS, "Parameter '" + before.name() + "' of "
            + where + " became required: old clients that leave it out get 400 missing_argument.");
        oldType = oldType.nonNull();
        newType = newType.nonNull();
      }
      typeChange("parameter", "Parameter '" + before.name() + "' of " + where, at, oldType, newType,
          EnumSet.of(Direction.INPUT));
    }
    for (ContractParam after : now.params()) {
      if (old.param(after.name()).isPresent()) {
        continue;
      }
      String at = where + "(" + after.name() + ")";
      if (after.required()) {
        add("parameter-added", at, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Required parameter '" + after.name()
            + "' was added to " + where + ": old clients do not send it and get 400 missing_argument; old servers"
            + " refuse it from new clients with 400 unknown_argument.");
      } else {
        add("optional-parameter-added", at, Impact.COMPATIBLE, "Optional parameter '" + after.name()
            + "' was added to " + where + ": old clients leave it out; old servers answer 400 unknown_argument only"
            + " when a new client passes it.");
      }
    }
    List<String> oldOrder = old.params().stream().map(ContractParam::name).filter(n -> now.param(n).isPresent()).toList();
    List<String> newOrder = now.params().stream().map(ContractParam::name).filter(n -> old.param(n).isPresent()).toList();
    if (!oldOrder.equals(newOrder)) {
      add("parameters-reordered", where, Impact.COMPATIBLE, "The parameters of " + where + " changed order from "
          + oldOrder + " to " + newOrder + ": the wire matches them by name, so deployed clients keep working;"
          + " code calling the regenerated clients passes arguments in the new order.");
    }
  }

  private void result(String where, ContractResult old, ContractResult now) {
    String at = where + ":result";
    if (wireForm(old.kind()) != wireForm(now.kind())) {
      String rule = old.kind().isEventStream() ? "stream-became-unary"
          : now.kind().isEventStream() ? "unary-became-stream" : "result-kind-changed";
      add(rule, at, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "The result of " + where + " changed from "
          + describe(old.kind()) + " to " + describe(now.kind()) + ": old clients cannot read the new answer, nor new"
          + " clients the old one.");
      return;
    }
    if (old.type() != null && now.type() != null) {
      typeChange("result", "The result of " + where, at, old.type(), now.type(), EnumSet.of(Direction.OUTPUT));
    }
  }

  private enum WireForm { JSON, NO_CONTENT, EVENT_STREAM, BINARY }

  private static WireForm wireForm(ResultKind kind) {
    if (kind.isEventStream()) {
      return WireForm.EVENT_STREAM;
    }
    if (kind.isBinary()) {
      return WireForm.BINARY;
    }
    return kind == ResultKind.VOID ? WireForm.NO_CONTENT : WireForm.JSON;
  }

  private static String describe(ResultKind kind) {
    return switch (wireForm(kind)) {
      case JSON -> "a JSON value";
      case NO_CONTENT -> "no content (204)";
      case EVENT_STREAM -> "an event stream (" + kind + ")";
      case BINARY -> "binary content (" + kind + ")";
    };
  }

  private void errors(String where, ContractMethod old, ContractMethod now) {
    Map<String, DeclaredError> before = new LinkedHashMap<>();
    old.errors().forEach(e -> before.put(e.code(), e));
    Map<String, DeclaredError> after = new LinkedHashMap<>();
    now.errors().forEach(e -> after.put(e.code(), e));
    for (DeclaredError error : old.errors()) {
      String at = where + ":error(" + error.code() + ")";
      DeclaredError next = after.get(error.code());
      if (next == null) {
        add("error-removed", at, Impact.COMPATIBLE, "Error '" + error.code() + "' is no longer declared by " + where
            + ": old clients simply never see it.");
      } else if (next.status() != error.status()) {
        add("error-status-changed", at, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Error '" + error.code() + "' of "
            + where + " changed status from " + error.status() + " to " + next.status()
            + ": clients that match on the status see a different answer.");
      } else if (!error.type().equals(next.type())) {
        typeChange("error", "Error '" + error.code() + "' of " + where, at,
            new TypeRef.Named(error.type(), List.of()), new TypeRef.Named(next.type(), List.of()), EnumSet.of(Direction.OUTPUT));
      }
    }
    for (DeclaredError error : now.errors()) {
      if (!before.containsKey(error.code())) {
        add("error-added", where + ":error(" + error.code() + ")", Impact.COMPATIBLE, "Error '" + error.code()
            + "' is now declared by " + where + ": old clients see it as an undeclared problem (RpcException with"
            + " code '" + error.code() + "').");
      }
    }
  }

  // ---- positions

  /** Reports a changed type at one position, with the impact the directions give it. */
  private void typeChange(String what, String subject, String at, TypeRef old, TypeRef now, Set<Direction> directions) {
    Impact impact = impact(old, now, directions);
    if (old.equals(now)) {
      return;
    }
    if (old.nonNull().equals(now.nonNull())) {
      boolean nowNullable = now.nullable();
      add(what + (nowNullable ? "-became-nullable" : "-became-non-null"), at, impact, subject + " became "
          + (nowNullable ? "nullable" : "non-null") + consequence(impact, directions));
      return;
    }
    add(what + "-type-changed", at, impact, subject + " changed type from " + render(old) + " to " + render(now)
        + (impact.breaking() ? consequence(impact, directions) : ", which reads and writes the same JSON."));
  }

  private Impact impact(TypeRef old, TypeRef now, Set<Direction> directions) {
    boolean oldClients = false;
    boolean oldServers = false;
    if (directions.contains(Direction.INPUT)) {
      oldClients |= !accepts(now, current, old, baseline);
      oldServers |= !accepts(old, baseline, now, current);
    }
    if (directions.contains(Direction.OUTPUT)) {
      oldClients |= !accepts(old, baseline, now, current);
      oldServers |= !accepts(now, current, old, baseline);
    }
    return Impact.of(oldClients, oldServers);
  }

  private static String consequence(Impact impact, Set<Direction> directions) {
    List<String> parts = new ArrayList<>();
    if (impact.breaksOldClients()) {
      parts.add(directions.contains(Direction.INPUT) && !directions.contains(Direction.OUTPUT)
          ? "the new server refuses values old clients send"
          : directions.contains(Direction.OUTPUT) && !directions.contains(Direction.INPUT)
              ? "old clients refuse values the new server sends"
              : "old clients and the new server no longer agree on its values");
    }
    if (impact.breaksOldServers()) {
      parts.add(directions.contains(Direction.INPUT) && !directions.contains(Direction.OUTPUT)
          ? "old servers refuse values new clients send"
          : directions.contains(Direction.OUTPUT) && !directions.contains(Direction.INPUT)
              ? "new clients refuse values old servers send"
              : "new clients and old servers no longer agree on its values");
    }
    return parts.isEmpty() ? ": both sides still read each other's values." : ": " + String.join("; ", parts) + ".";
  }

  /** Whether a reader of {@code reader} takes every value a writer of {@code writer} produces. */
  private boolean accepts(TypeRef reader, Contract readerContract, TypeRef writer, Contract writerContract) {
    if (reader instanceof TypeRef.Nullable(TypeRef inner)) {
      return accepts(inner, readerContract, writer.nonNull(), writerContract);
    }
    if (writer instanceof TypeRef.Nullable) {
      return false;
    }
    return switch (reader) {
      case TypeRef.Scalar(ScalarKind kind) -> writer instanceof TypeRef.Scalar(ScalarKind written) && ScalarWidening.accepts(kind, written);
      case TypeRef.Sequence(TypeRef element) ->
          writer instanceof TypeRef.Sequence(TypeRef written) && accepts(element, readerContract, written, writerContract);
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> writer instanceof TypeRef.Dictionary(TypeRef wKey, TypeRef wValue)
          && accepts(key, readerContract, wKey, writerContract) && accepts(value, readerContract, wValue, writerContract);
      case TypeRef.Named named -> {
        if (!(writer instanceof TypeRef.Named written) || named.arguments().size() != written.arguments().size()) {
          yield false;
        }
        if (!named.name().equals(written.name())) {
          yield new ShapeEquality(readerContract, writerContract).equal(named, written);
        }
        for (int i = 0; i < named.arguments().size(); i++) {
          if (!accepts(named.arguments().get(i), readerContract, written.arguments().get(i), writerContract)) {
            yield false;
          }
        }
        yield true; // the declaration itself is compared once, in types()
      }
      case TypeRef.TypeParameter(String name) -> writer instanceof TypeRef.TypeParameter(String written) && name.equals(written);
      case TypeRef.Nullable ignored -> throw new AssertionError();
    };
  }

  // ---- declarations

  private void types() {
    Set<String> names = new TreeSet<>(baseline.types().keySet());
    names.retainAll(current.types().keySet());
    for (String name : names) {
      Set<Direction> directions = EnumSet.noneOf(Direction.class);
      directions.addAll(baselineUse.getOrDefault(name, Set.of()));
      directions.addAll(currentUse.getOrDefault(name, Set.of()));
      TypeDecl old = baseline.types().get(name);
      TypeDecl now = current.types().get(name);
      if (directions.isEmpty() || old.equals(now)) {
        continue;
      }
      Set<Direction> sent = EnumSet.copyOf(directions);
      if (sent.remove(Direction.ERROR)) {
        sent.add(Direction.OUTPUT); // only an object's own fields are read leniently
      }
      switch (old) {
        case TypeDecl.ObjectType before when now instanceof TypeDecl.ObjectType after -> object(name, before, after, directions);
        case TypeDecl.EnumType before when now instanceof TypeDecl.EnumType after -> enumType(name, before, after, sent);
        case TypeDecl.UnionType before when now instanceof TypeDecl.UnionType after -> union(name, before, after, sent);
        default -> add("type-kind-changed", name, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Type " + name + " changed from "
            + kind(old) + " to " + kind(now) + ": its JSON form is different.");
      }
    }
  }

  private static String kind(TypeDecl decl) {
    return switch (decl) {
      case TypeDecl.ObjectType ignored -> "an object";
      case TypeDecl.EnumType ignored -> "an enum";
      case TypeDecl.UnionType ignored -> "a union";
    };
  }

  private void object(String name, TypeDecl.ObjectType old, TypeDecl.ObjectType now, Set<Direction> directions) {
    if (old.typeParameters().size() != now.typeParameters().size()) {
      add("type-parameters-changed", name, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Type " + name
          + " changed its type parameters from " + old.typeParameters() + " to " + now.typeParameters() + ".");
      return;
    }
    if (!old.discriminators().equals(now.discriminators())) {
      add("discriminator-changed", name, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Type " + name
          + " changed its union tags from " + tags(old) + " to " + tags(now)
          + ": old and new sides name the variant differently.");
    }
    // Type parameters are compared by position: renaming T to E changes nothing on the wire.
    Map<String, String> renamed = new LinkedHashMap<>();
    for (int i = 0; i < old.typeParameters().size(); i++) {
      renamed.put(now.typeParameters().get(i), old.typeParameters().get(i));
    }
    Map<String, TypeDecl.Property> before = new LinkedHashMap<>();
    old.properties().forEach(p -> before.put(p.name(), p));
    Map<String, TypeDecl.Property> after = new LinkedHashMap<>();
    now.properties().forEach(p -> after.put(p.name(), new TypeDecl.Property(p.name(), rename(p.type(), renamed), p.optional(), p.access())));
    Set<String> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    for (String property : all) {
      int first = changes.size();
      for (Direction direction : directions) {
        property(name, property, present(before.get(property), direction), present(after.get(property), direction), direction);
      }
      mergeSince(first);
    }
  }

  /** One change per rule and location: a property that travels both ways gets both impacts in one entry. */
  private void mergeSince(int first) {
    List<Change> added = new ArrayList<>(changes.subList(first, changes.size()));
    changes.subList(first, changes.size()).clear();
    Map<String, Change> merged = new LinkedHashMap<>();
    for (Change change : added) {
      merged.merge(change.key(), change, (a, b) ->
          new Change(a.rule(), a.location(), a.impact().and(b.impact()), a.message() + " " + b.message()));
    }
    changes.addAll(merged.values());
  }

  private static String tags(TypeDecl.ObjectType object) {
    return object.discriminators().stream().map(d -> d.property() + "=" + d.tag()).toList().toString();
  }

  /** The property if it travels in {@code direction}. */
  private static TypeDecl.Property present(TypeDecl.Property property, Direction direction) {
    if (property == null) {
      return null;
    }
    TypeDecl.Access skipped = direction == Direction.INPUT ? TypeDecl.Access.OUTPUT_ONLY : TypeDecl.Access.INPUT_ONLY;
    return property.access() == skipped ? null : property;
  }

  private void property(String type, String name, TypeDecl.Property old, TypeDecl.Property now, Direction direction) {
    String at = type + "::" + name;
    String subject = "Property '" + name + "' of " + type;
    String way = switch (direction) {
      case INPUT -> " (sent by clients)";
      case OUTPUT -> " (sent by the server)";
      case ERROR -> " (a field of a declared error)";
    };
    if (old == null && now == null) {
      return;
    }
    if (direction == Direction.ERROR && (old == null || now == null)) {
      // Clients skip error members they do not know, and need the required ones they do.
      if (now == null) {
        add("property-removed", at, Impact.of(!old.optional(), false), subject + " was removed (or renamed)" + way
            + ": " + (old.optional() ? "old clients read it as null." : "old clients refuse the error without it."));
      } else {
        add(now.optional() ? "optional-property-added" : "property-added", at, Impact.of(false, !now.optional()),
            subject + " was added" + way + ": old clients skip it"
                + (now.optional() ? "." : "; new clients refuse the error from old servers without it."));
      }
      return;
    }
    Direction flow = direction == Direction.ERROR ? Direction.OUTPUT : direction;
    if (now == null) {
      // Sent by clients: old clients send it and the new server refuses it. Sent by the server: old clients
      // miss it if they needed it, and new clients refuse it from old servers.
      Impact impact = flow == Direction.INPUT ? Impact.BREAKS_OLD_CLIENTS : Impact.of(!old.optional(), true);
      add("property-removed", at, impact, subject + " was removed (or renamed)" + way + ": "
          + (flow == Direction.INPUT
              ? "the new server refuses it from old clients as an unknown property."
              : (old.optional() ? "" : "old clients refuse answers without it; ")
                  + "new clients refuse it from old servers as an unknown property."));
      return;
    }
    if (old == null) {
      Impact impact = flow == Direction.INPUT ? Impact.of(!now.optional(), true) : Impact.of(true, !now.optional());
      add(now.optional() ? "optional-property-added" : "property-added", at, impact, subject + " was added" + way + ": "
          + (flow == Direction.INPUT
              ? (now.optional() ? "" : "the new server refuses values from old clients without it; ")
                  + "old servers refuse it from new clients as an unknown property."
              : "old clients refuse it as an unknown property"
                  + (now.optional() ? "." : "; new clients refuse answers of old servers without it.")));
      return;
    }
    TypeRef oldType = old.type();
    TypeRef newType = now.type();
    if (old.optional() != now.optional()) {
      boolean nowOptional = now.optional();
      // Sent by clients: optional -> required breaks old clients. Sent by the server: required -> optional does.
      boolean breaksOldClients = flow == Direction.INPUT ? !nowOptional : nowOptional;
      add(nowOptional ? "property-became-optional" : "property-became-required", at,
          Impact.of(breaksOldClients, !breaksOldClients), subject + " became " + (nowOptional ? "optional" : "required") + way
              + ": " + (breaksOldClients ? (flow == Direction.INPUT ? "the new server refuses values of old clients without it."
                  : "old clients refuse answers without it.")
                  : (flow == Direction.INPUT ? "old servers refuse values of new clients without it."
                      : "new clients refuse answers of old servers without it.")));
      oldType = oldType.nonNull();
      newType = newType.nonNull();
    }
    if (!oldType.equals(newType)) {
      typeChange("property", subject + way, at, oldType, newType, EnumSet.of(flow));
    }
  }

  private static TypeRef rename(TypeRef type, Map<String, String> renamed) {
    return switch (type) {
      case TypeRef.TypeParameter(String name) -> new TypeRef.TypeParameter(renamed.getOrDefault(name, name));
      case TypeRef.Sequence(TypeRef element) -> new TypeRef.Sequence(rename(element, renamed));
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> new TypeRef.Dictionary(rename(key, renamed), rename(value, renamed));
      case TypeRef.Nullable(TypeRef inner) -> new TypeRef.Nullable(rename(inner, renamed));
      case TypeRef.Named(String name, List<TypeRef> arguments) ->
          new TypeRef.Named(name, arguments.stream().map(a -> rename(a, renamed)).toList());
      case TypeRef.Scalar scalar -> scalar;
    };
  }

  private void enumType(String name, TypeDecl.EnumType old, TypeDecl.EnumType now, Set<Direction> directions) {
    boolean input = directions.contains(Direction.INPUT);
    boolean output = directions.contains(Direction.OUTPUT);
    for (String value : old.values()) {
      if (!now.values().contains(value)) {
        add("enum-constant-removed", name + "::" + value, Impact.of(input, output), "Constant " + value + " of enum " + name
            + " was removed (or renamed): " + String.join("; ", nonEmpty(
                input ? "the new server refuses it from old clients" : "",
                output ? "new clients refuse it from old servers" : "")) + ".");
      }
    }
    for (String value : now.values()) {
      if (!old.values().contains(value)) {
        add("enum-constant-added", name + "::" + value, Impact.of(output, input), "Constant " + value + " was added to enum "
            + name + ": " + String.join("; ", nonEmpty(
                output ? "old clients refuse it when the new server sends it" : "",
                input ? "old servers refuse it when new clients send it" : "")) + ".");
      }
    }
  }

  private void union(String name, TypeDecl.UnionType old, TypeDecl.UnionType now, Set<Direction> directions) {
    boolean input = directions.contains(Direction.INPUT);
    boolean output = directions.contains(Direction.OUTPUT);
    if (!old.property().equals(now.property())) {
      add("union-property-changed", name, Impact.BREAKS_OLD_CLIENTS_AND_SERVERS, "Union " + name
          + " changed its tag property from '" + old.property() + "' to '" + now.property() + "'.");
      return;
    }
    Map<String, String> after = new LinkedHashMap<>();
    now.variants().forEach(v -> after.put(v.tag(), v.type()));
    Set<String> before = new HashSet<>();
    for (TypeDecl.Variant variant : old.variants()) {
      before.add(variant.tag());
      String type = after.get(variant.tag());
      if (type == null) {
        add("union-variant-removed", name + "::" + variant.tag(), Impact.of(input, output), "Variant '" + variant.tag()
            + "' of union " + name + " was removed (or renamed): " + String.join("; ", nonEmpty(
                input ? "the new server refuses it from old clients" : "",
                output ? "new clients refuse it from old servers" : "")) + ".");
      } else if (!type.equals(variant.type())) {
        typeChange("union-variant", "Variant '" + variant.tag() + "' of union " + name, name + "::" + variant.tag(),
            new TypeRef.Named(variant.type(), List.of()), new TypeRef.Named(type, List.of()), directions);
      }
    }
    for (TypeDecl.Variant variant : now.variants()) {
      if (!before.contains(variant.tag())) {
        add("union-variant-added", name + "::" + variant.tag(), Impact.of(output, input), "Variant '" + variant.tag()
            + "' was added to union " + name + ": " + String.join("; ", nonEmpty(
                output ? "old clients refuse it when the new server sends it" : "",
                input ? "old servers refuse it when new clients send it" : "")) + ".");
      }
    }
  }

  private static List<String> nonEmpty(String... parts) {
    return java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).toList();
  }

  // ---- which way each type travels

  private static Map<String, Set<Direction>> use(Contract contract) {
    Map<String, Set<Direction>> use = new java.util.HashMap<>();
    for (ContractModule module : contract.modules()) {
      for (ContractMethod method : module.methods()) {
        method.params().forEach(p -> reach(contract, p.type(), Direction.INPUT, use));
        if (method.result().type() != null) {
          reach(contract, method.result().type(), Direction.OUTPUT, use);
        }
        for (DeclaredError error : method.errors()) {
          use.computeIfAbsent(error.type(), n -> EnumSet.noneOf(Direction.class)).add(Direction.ERROR);
          TypeDecl decl = contract.types().get(error.type());
          if (decl != null) {
            for (String reached : dev.poto.contract.TypeReferences.names(decl)) {
              reach(contract, new TypeRef.Named(reached, List.of()), Direction.OUTPUT, use);
            }
          }
        }
      }
    }
    return use;
  }

  private static void reach(Contract contract, TypeRef root, Direction direction, Map<String, Set<Direction>> use) {
    java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(dev.poto.contract.TypeReferences.names(root));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!use.computeIfAbsent(name, n -> EnumSet.noneOf(Direction.class)).add(direction)) {
        continue;
      }
      TypeDecl decl = contract.types().get(name);
      if (decl != null) {
        pending.addAll(dev.poto.contract.TypeReferences.names(decl));
      }
    }
  }

  /** A type as people read it: {@code List<Note>}, {@code string?}. */
  static String render(TypeRef type) {
    return switch (type) {
      case TypeRef.Scalar(ScalarKind kind) -> kind.contractName();
      case TypeRef.Sequence(TypeRef element) -> "List<" + render(element) + ">";
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> "Map<" + render(key) + ", " + render(value) + ">";
      case TypeRef.Nullable(TypeRef inner) -> render(inner) + "?";
      case TypeRef.Named(String name, List<TypeRef> arguments) -> name
          + (arguments.isEmpty() ? "" : "<" + String.join(", ", arguments.stream().map(CompatibilityCheck::render).toList()) + ">");
      case TypeRef.TypeParameter(String name) -> name;
    };
  }
}
