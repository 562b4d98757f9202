package dev.poto.contract.compat;

import static dev.poto.contract.Samples.INT;
import static dev.poto.contract.Samples.STRING;
import static dev.poto.contract.Samples.optional;
import static dev.poto.contract.Samples.param;
import static dev.poto.contract.Samples.property;
import static dev.poto.contract.Samples.ref;
import static dev.poto.contract.compat.Api.CIRCLE;
import static dev.poto.contract.compat.Api.COLOR;
import static dev.poto.contract.compat.Api.FILTER;
import static dev.poto.contract.compat.Api.LEVEL;
import static dev.poto.contract.compat.Api.MISSING;
import static dev.poto.contract.compat.Api.NOTE;
import static dev.poto.contract.compat.Api.SHAPE;
import static dev.poto.contract.compat.Api.SQUARE;
import static dev.poto.contract.compat.Api.STATS;
import static dev.poto.contract.compat.Impact.BREAKS_OLD_CLIENTS;
import static dev.poto.contract.compat.Impact.BREAKS_OLD_CLIENTS_AND_SERVERS;
import static dev.poto.contract.compat.Impact.BREAKS_OLD_SERVERS;
import static dev.poto.contract.compat.Impact.COMPATIBLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One test per kind of change: each changes one thing of {@link Api#base()} and checks the whole list of
 * changes found, with rule, location, whom it breaks and the message users read.
 */
class CompatibilityCheckTest {
  private static final TypeRef LONG = new TypeRef.Scalar(ScalarKind.LONG);

  private static List<Change> changes(Consumer<Api> change) {
    Api current = Api.base();
    change.accept(current);
    return CompatibilityCheck.compare(Api.base().build(), current.build());
  }

  private static Change only(Consumer<Api> change) {
    List<Change> found = changes(change);
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  private static void expect(Change change, String rule, String location, Impact impact, String message) {
    assertThat(change.rule()).isEqualTo(rule);
    assertThat(change.location()).isEqualTo(location);
    assertThat(change.impact()).as(change.message()).isEqualTo(impact);
    assertThat(change.message()).isEqualTo(message);
  }

  @Test
  void identicalContractsHaveNoChanges() {
    assertThat(changes(api -> {})).isEmpty();
  }

  @Test
  void renamingAModuleClassKeepingItsRouteChangesNothing() {
    assertThat(changes(api -> api.javaTypes.put("notes", "com.example.other.Notes"))).isEmpty();
  }

  @Test
  void removedModule() {
    expect(only(api -> api.modules.remove("admin")), "module-removed", "admin", BREAKS_OLD_CLIENTS,
        "Module 'admin' was removed (or its route renamed): old clients calling any of its methods get 404 unknown_module.");
  }

  @Test
  void addedModule() {
    expect(only(api -> api.module("audit", "com.example.Audit")), "module-added", "audit", COMPATIBLE,
        "Module 'audit' was added: old clients do not call it; old servers answer it with 404 unknown_module.");
  }

  @Test
  void removedMethod() {
    expect(only(api -> api.remove("notes", "count")), "method-removed", "notes.count", BREAKS_OLD_CLIENTS,
        "Method notes.count was removed (or renamed): old clients calling it get 404 unknown_method.");
  }

  @Test
  void addedMethod() {
    expect(only(api -> api.put("notes", new ContractMethod("archive", ContractAccess.AUTHENTICATED, List.of(),
            new ContractResult(ResultKind.VOID, null), List.of()))),
        "method-added", "notes.archive", COMPATIBLE,
        "Method notes.archive was added: old clients do not call it; old servers answer it with 404 unknown_method.");
  }

  @Test
  void renamedMethodIsARemovalAndAnAddition() {
    List<Change> found = changes(api -> {
      ContractMethod count = api.modules.get("notes").remove("count");
      api.put("notes", new ContractMethod("total", count.access(), count.params(), count.result(), count.errors()));
    });
    assertThat(found).extracting(Change::key).containsExactly("method-removed notes.count", "method-added notes.total");
    assertThat(found).extracting(Change::impact).containsExactly(BREAKS_OLD_CLIENTS, COMPATIBLE);
  }

  @Test
  void removedParameter() {
    expect(only(api -> api.params("notes", "add", p -> List.of(p.get(0)))), "parameter-removed", "notes.add(tag)",
        BREAKS_OLD_CLIENTS, "Parameter 'tag' of notes.add was removed (or renamed): old clients that send it get 400 unknown_argument.");
  }

  @Test
  void renamedParameterIsARemovalAndARequiredAddition() {
    List<Change> found = changes(api -> api.params("notes", "get", p -> List.of(param("noteId", INT), p.get(1))));
    assertThat(found).extracting(Change::key).containsExactly("parameter-removed notes.get(id)", "parameter-added notes.get(noteId)");
    assertThat(found).extracting(Change::impact).containsExactly(BREAKS_OLD_CLIENTS, BREAKS_OLD_CLIENTS_AND_SERVERS);
  }

  @Test
  void addedRequiredParameter() {
    expect(only(api -> api.params("notes", "get", p -> {
          p.add(param("lang", STRING));
          return p;
        })), "parameter-added", "notes.get(lang)", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Required parameter 'lang' was added to notes.get: old clients do not send it and get 400 missing_argument;"
            + " old servers refuse it from new clients with 400 unknown_argument.");
  }

  @Test
  void addedOptionalParameterIsCompatible() {
    expect(only(api -> api.params("notes", "get", p -> {
          p.add(optional("lang", STRING));
          return p;
        })), "optional-parameter-added", "notes.get(lang)", COMPATIBLE,
        "Optional parameter 'lang' was added to notes.get: old clients leave it out; old servers answer 400"
            + " unknown_argument only when a new client passes it.");
  }

  @Test
  void parameterBecameRequired() {
    expect(only(api -> api.params("notes", "add", p -> List.of(p.get(0), param("tag", STRING)))),
        "parameter-became-required", "notes.add(tag)", BREAKS_OLD_CLIENTS,
        "Parameter 'tag' of notes.add became required: old clients that leave it out get 400 missing_argument.");
  }

  @Test
  void parameterBecameOptional() {
    expect(only(api -> api.params("notes", "get", p -> List.of(optional("id", INT), p.get(1)))),
        "parameter-became-optional", "notes.get(id)", BREAKS_OLD_SERVERS,
        "Parameter 'id' of notes.get became optional: new clients that leave it out get 400 missing_argument from old servers.");
  }

  @Test
  void parameterTypeChanged() {
    expect(only(api -> api.params("notes", "get", p -> List.of(param("id", STRING), p.get(1)))),
        "parameter-type-changed", "notes.get(id)", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Parameter 'id' of notes.get changed type from int to string: the new server refuses values old clients send;"
            + " old servers refuse values new clients send.");
  }

  @Test
  void widenedParameterBreaksOnlyOldServers() {
    expect(only(api -> api.params("notes", "get", p -> List.of(param("id", LONG), p.get(1)))),
        "parameter-type-changed", "notes.get(id)", BREAKS_OLD_SERVERS,
        "Parameter 'id' of notes.get changed type from int to long: old servers refuse values new clients send.");
  }

  @Test
  void narrowedParameterBreaksOldClients() {
    expect(only(api -> api.params("notes", "get", p -> List.of(p.get(0), param("version", INT)))),
        "parameter-type-changed", "notes.get(version)", BREAKS_OLD_CLIENTS,
        "Parameter 'version' of notes.get changed type from long to int: the new server refuses values old clients send.");
  }

  @Test
  void parameterBecameNullableButStillRequired() {
    expect(only(api -> api.params("notes", "get", p -> List.of(new ContractParam("id", new TypeRef.Nullable(INT), true), p.get(1)))),
        "parameter-became-nullable", "notes.get(id)", BREAKS_OLD_SERVERS,
        "Parameter 'id' of notes.get became nullable: old servers refuse values new clients send.");
  }

  @Test
  void reorderedParametersAreCompatible() {
    expect(only(api -> api.params("notes", "get", p -> List.of(p.get(1), p.get(0)))),
        "parameters-reordered", "notes.get", COMPATIBLE,
        "The parameters of notes.get changed order from [id, version] to [version, id]: the wire matches them by name,"
            + " so deployed clients keep working; code calling the regenerated clients passes arguments in the new order.");
  }

  @Test
  void resultBecameNullable() {
    expect(only(api -> api.result("notes", "get", new ContractResult(ResultKind.VALUE, new TypeRef.Nullable(ref(NOTE))))),
        "result-became-nullable", "notes.get:result", BREAKS_OLD_CLIENTS,
        "The result of notes.get became nullable: old clients refuse values the new server sends.");
  }

  @Test
  void resultBecameNonNull() {
    Api base = Api.base().result("notes", "get", new ContractResult(ResultKind.VALUE, new TypeRef.Nullable(ref(NOTE))));
    List<Change> found = CompatibilityCheck.compare(base.build(), Api.base().build());
    assertThat(found).singleElement().satisfies(change -> expect(change, "result-became-non-null", "notes.get:result",
        BREAKS_OLD_SERVERS, "The result of notes.get became non-null: new clients refuse values old servers send."));
  }

  @Test
  void resultTypeChanged() {
    expect(only(api -> api.result("notes", "get", new ContractResult(ResultKind.VALUE, new TypeRef.Sequence(ref(NOTE))))),
        "result-type-changed", "notes.get:result", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "The result of notes.get changed type from com.example.Note to List<com.example.Note>: old clients refuse values"
            + " the new server sends; new clients refuse values old servers send.");
  }

  @Test
  void widenedResultBreaksOldClients() {
    expect(only(api -> api.result("notes", "count", new ContractResult(ResultKind.VALUE, LONG))),
        "result-type-changed", "notes.count:result", BREAKS_OLD_CLIENTS,
        "The result of notes.count changed type from int to long: old clients refuse values the new server sends.");
  }

  @Test
  void streamBecameUnary() {
    expect(only(api -> api.result("notes", "feed", new ContractResult(ResultKind.VALUE, ref(NOTE)))),
        "stream-became-unary", "notes.feed:result", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "The result of notes.feed changed from an event stream (STREAM) to a JSON value: old clients cannot read the"
            + " new answer, nor new clients the old one.");
  }

  @Test
  void unaryBecameStream() {
    expect(only(api -> api.result("notes", "get", new ContractResult(ResultKind.PUBLISHER, ref(NOTE)))),
        "unary-became-stream", "notes.get:result", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "The result of notes.get changed from a JSON value to an event stream (PUBLISHER): old clients cannot read the"
            + " new answer, nor new clients the old one.");
  }

  @Test
  void valueBecameVoid() {
    expect(only(api -> api.result("notes", "count", new ContractResult(ResultKind.VOID, null))),
        "result-kind-changed", "notes.count:result", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "The result of notes.count changed from a JSON value to no content (204): old clients cannot read the new"
            + " answer, nor new clients the old one.");
  }

  @Test
  void anotherStreamKindOrBinaryKindIsTheSameWire() {
    assertThat(changes(api -> {
      api.result("notes", "feed", new ContractResult(ResultKind.ITERATOR, ref(NOTE)));
      api.result("notes", "export", new ContractResult(ResultKind.INPUT_STREAM, null));
    })).isEmpty();
  }

  @Test
  void roleAddedToAMethodAnySignedInCallerCouldCall() {
    expect(only(api -> api.access("notes", "add", new ContractAccess(false, List.of("writer")))),
        "access-tightened", "notes.add:access", BREAKS_OLD_CLIENTS,
        "Access to notes.add tightened from any signed-in caller to callers with one of the roles [writer]: old clients"
            + " whose callers are no longer allowed get 403.");
  }

  @Test
  void publicMethodNowNeedsAToken() {
    expect(only(api -> api.access("notes", "ping", ContractAccess.AUTHENTICATED)),
        "access-tightened", "notes.ping:access", BREAKS_OLD_CLIENTS,
        "Access to notes.ping tightened from anyone (public) to any signed-in caller: old clients whose callers are no"
            + " longer allowed get 401 (a token is now needed).");
  }

  @Test
  void methodMadePublic() {
    expect(only(api -> api.access("notes", "count", new ContractAccess(true, List.of()))),
        "access-loosened", "notes.count:access", BREAKS_OLD_SERVERS,
        "Access to notes.count loosened from any signed-in caller to anyone (public): new clients relying on it get 401"
            + " from old servers.");
  }

  @Test
  void anotherRoleAllowed() {
    expect(only(api -> api.access("admin", "purge", new ContractAccess(false, List.of("admin", "ops")))),
        "access-loosened", "admin.purge:access", BREAKS_OLD_SERVERS,
        "Access to admin.purge loosened from callers with one of the roles [admin] to callers with one of the roles"
            + " [admin, ops]: new clients relying on it get 403 from old servers.");
  }

  @Test
  void roleReplacedTightensAndLoosens() {
    assertThat(changes(api -> api.access("admin", "purge", new ContractAccess(false, List.of("ops")))))
        .extracting(Change::key, Change::impact)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("access-loosened admin.purge:access", BREAKS_OLD_SERVERS),
            org.assertj.core.groups.Tuple.tuple("access-tightened admin.purge:access", BREAKS_OLD_CLIENTS));
  }

  @Test
  void propertyRemovedFromATypeClientsSend() {
    expect(only(api -> api.properties(FILTER, p -> List.of(p.get(0)))), "property-removed", FILTER + "::limit",
        BREAKS_OLD_CLIENTS, "Property 'limit' of com.example.Filter was removed (or renamed) (sent by clients): the new"
            + " server refuses it from old clients as an unknown property.");
  }

  @Test
  void requiredPropertyRemovedFromATypeTheServerSends() {
    expect(only(api -> api.properties(STATS, p -> List.of(p.get(1), p.get(2)))), "property-removed", STATS + "::count",
        BREAKS_OLD_CLIENTS_AND_SERVERS, "Property 'count' of com.example.Stats was removed (or renamed) (sent by the"
            + " server): old clients refuse answers without it; new clients refuse it from old servers as an unknown property.");
  }

  @Test
  void optionalPropertyRemovedFromATypeTheServerSends() {
    expect(only(api -> api.properties(STATS, p -> List.of(p.get(0), p.get(2)))), "property-removed", STATS + "::mean",
        BREAKS_OLD_SERVERS, "Property 'mean' of com.example.Stats was removed (or renamed) (sent by the server): new"
            + " clients refuse it from old servers as an unknown property.");
  }

  @Test
  void optionalPropertyAddedToATypeTheServerSends() {
    expect(only(api -> api.properties(STATS, p -> {
          p.add(property("median", new TypeRef.Nullable(INT)));
          return p;
        })), "optional-property-added", STATS + "::median", BREAKS_OLD_CLIENTS,
        "Property 'median' of com.example.Stats was added (sent by the server): old clients refuse it as an unknown property.");
  }

  @Test
  void requiredPropertyAddedToATypeClientsSend() {
    expect(only(api -> api.properties(FILTER, p -> {
          p.add(property("owner", STRING));
          return p;
        })), "property-added", FILTER + "::owner", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Property 'owner' of com.example.Filter was added (sent by clients): the new server refuses values from old"
            + " clients without it; old servers refuse it from new clients as an unknown property.");
  }

  @Test
  void optionalPropertyAddedToATypeClientsSend() {
    expect(only(api -> api.properties(FILTER, p -> {
          p.add(property("owner", new TypeRef.Nullable(STRING)));
          return p;
        })), "optional-property-added", FILTER + "::owner", BREAKS_OLD_SERVERS,
        "Property 'owner' of com.example.Filter was added (sent by clients): old servers refuse it from new clients as"
            + " an unknown property.");
  }

  @Test
  void propertyOfATypeTravellingBothWaysBecameOptional() {
    expect(only(api -> api.properties(NOTE, p -> List.of(property("title", new TypeRef.Nullable(STRING)), p.get(1), p.get(2)))),
        "property-became-optional", NOTE + "::title", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Property 'title' of com.example.Note became optional (sent by clients): old servers refuse values of new clients"
            + " without it. Property 'title' of com.example.Note became optional (sent by the server): old clients refuse"
            + " answers without it.");
  }

  @Test
  void propertyOfATypeClientsSendBecameRequired() {
    expect(only(api -> api.properties(FILTER, p -> List.of(p.get(0), property("limit", INT)))),
        "property-became-required", FILTER + "::limit", BREAKS_OLD_CLIENTS,
        "Property 'limit' of com.example.Filter became required (sent by clients): the new server refuses values of old"
            + " clients without it.");
  }

  @Test
  void propertyTypeWidenedInATypeTheServerSends() {
    expect(only(api -> api.properties(STATS, p -> List.of(property("count", LONG), p.get(1), p.get(2)))),
        "property-type-changed", STATS + "::count", BREAKS_OLD_CLIENTS,
        "Property 'count' of com.example.Stats (sent by the server) changed type from int to long: old clients refuse"
            + " values the new server sends.");
  }

  @Test
  void propertyNoLongerReadByTheServer() {
    expect(only(api -> api.properties(FILTER, p -> List.of(p.get(0),
            new TypeDecl.Property("limit", new TypeRef.Nullable(INT), true, TypeDecl.Access.OUTPUT_ONLY)))),
        "property-removed", FILTER + "::limit", BREAKS_OLD_CLIENTS,
        "Property 'limit' of com.example.Filter was removed (or renamed) (sent by clients): the new server refuses it"
            + " from old clients as an unknown property.");
  }

  @Test
  void enumConstantRemovedFromATypeTravellingBothWays() {
    expect(only(api -> api.types.put(COLOR, new TypeDecl.EnumType(List.of("RED")))), "enum-constant-removed",
        COLOR + "::GREEN", BREAKS_OLD_CLIENTS_AND_SERVERS, "Constant GREEN of enum com.example.Color was removed (or"
            + " renamed): the new server refuses it from old clients; new clients refuse it from old servers.");
  }

  @Test
  void enumConstantAddedToATypeClientsSend() {
    expect(only(api -> api.types.put(LEVEL, new TypeDecl.EnumType(List.of("LOW", "HIGH", "URGENT")))),
        "enum-constant-added", LEVEL + "::URGENT", BREAKS_OLD_SERVERS,
        "Constant URGENT was added to enum com.example.Level: old servers refuse it when new clients send it.");
  }

  @Test
  void enumConstantAddedToATypeTravellingBothWays() {
    expect(only(api -> api.types.put(COLOR, new TypeDecl.EnumType(List.of("RED", "GREEN", "BLUE")))),
        "enum-constant-added", COLOR + "::BLUE", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Constant BLUE was added to enum com.example.Color: old clients refuse it when the new server sends it; old"
            + " servers refuse it when new clients send it.");
  }

  @Test
  void enumConstantsReorderedChangeNothing() {
    assertThat(changes(api -> api.types.put(COLOR, new TypeDecl.EnumType(List.of("GREEN", "RED"))))).isEmpty();
  }

  @Test
  void unionVariantAddedToATypeTheServerSends() {
    expect(only(api -> api.types.put(SHAPE, new TypeDecl.UnionType("kind", List.of(new TypeDecl.Variant("circle", CIRCLE),
            new TypeDecl.Variant("square", SQUARE), new TypeDecl.Variant("dot", CIRCLE))))),
        "union-variant-added", SHAPE + "::dot", BREAKS_OLD_CLIENTS,
        "Variant 'dot' was added to union com.example.Shape: old clients refuse it when the new server sends it.");
  }

  @Test
  void unionVariantRemovedFromATypeTheServerSends() {
    expect(only(api -> api.types.put(SHAPE, new TypeDecl.UnionType("kind", List.of(new TypeDecl.Variant("circle", CIRCLE))))),
        "union-variant-removed", SHAPE + "::square", BREAKS_OLD_SERVERS,
        "Variant 'square' of union com.example.Shape was removed (or renamed): new clients refuse it from old servers.");
  }

  @Test
  void unionTagPropertyChanged() {
    expect(only(api -> api.types.put(SHAPE, new TypeDecl.UnionType("type", ((TypeDecl.UnionType) api.types.get(SHAPE)).variants()))),
        "union-property-changed", SHAPE, BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Union com.example.Shape changed its tag property from 'kind' to 'type'.");
  }

  @Test
  void typeMovedToAnotherPackageWithTheSameShapeIsCompatible() {
    expect(only(api -> {
          api.types.put("org.example.Filter", api.types.remove(FILTER));
          api.params("notes", "list", p -> List.of(param("filter", ref("org.example.Filter")), p.get(1)));
        }), "parameter-type-changed", "notes.list(filter)", COMPATIBLE,
        "Parameter 'filter' of notes.list changed type from com.example.Filter to org.example.Filter, which reads and"
            + " writes the same JSON.");
  }

  @Test
  void typeReplacedByOneOfAnotherShape() {
    expect(only(api -> api.params("notes", "list", p -> List.of(param("filter", ref(STATS)), p.get(1)))),
        "parameter-type-changed", "notes.list(filter)", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Parameter 'filter' of notes.list changed type from com.example.Filter to com.example.Stats: the new server"
            + " refuses values old clients send; old servers refuse values new clients send.");
  }

  @Test
  void typeKindChanged() {
    expect(only(api -> api.types.put(LEVEL, Api.base().types.get(FILTER))), "type-kind-changed", LEVEL,
        BREAKS_OLD_CLIENTS_AND_SERVERS, "Type com.example.Level changed from an enum to an object: its JSON form is different.");
  }

  @Test
  void renamedTypeParameterChangesNothing() {
    TypeDecl page = new TypeDecl.ObjectType(List.of("T"), List.of(), List.of(property("items", new TypeRef.Sequence(new TypeRef.TypeParameter("T")))));
    TypeDecl renamed = new TypeDecl.ObjectType(List.of("E"), List.of(), List.of(property("items", new TypeRef.Sequence(new TypeRef.TypeParameter("E")))));
    Consumer<Api> withPage = api -> {
      api.types.put("com.example.Page", page);
      api.result("notes", "list", new ContractResult(ResultKind.VALUE, ref("com.example.Page", ref(NOTE))));
    };
    Api before = Api.base();
    withPage.accept(before);
    Api after = Api.base();
    withPage.accept(after);
    after.types.put("com.example.Page", renamed);
    assertThat(CompatibilityCheck.compare(before.build(), after.build())).isEmpty();
  }

  @Test
  void declaredErrorAddedRemovedAndChanged() {
    expect(only(api -> api.errors("notes", "get", new DeclaredError("note_missing", 404, MISSING))), "error-added",
        "notes.get:error(note_missing)", COMPATIBLE, "Error 'note_missing' is now declared by notes.get: old clients see it"
            + " as an undeclared problem (RpcException with code 'note_missing').");
    expect(only(api -> api.errors("notes", "add")), "error-removed", "notes.add:error(note_exists)", COMPATIBLE,
        "Error 'note_exists' is no longer declared by notes.add: old clients simply never see it.");
    expect(only(api -> api.errors("notes", "add", new DeclaredError("note_exists", 422, MISSING))), "error-status-changed",
        "notes.add:error(note_exists)", BREAKS_OLD_CLIENTS_AND_SERVERS, "Error 'note_exists' of notes.add changed status"
            + " from 409 to 422: clients that match on the status see a different answer.");
  }

  @Test
  void unionVariantMovedToATypeOfAnotherShape() {
    expect(only(api -> api.types.put(SHAPE, new TypeDecl.UnionType("kind", List.of(new TypeDecl.Variant("circle", SQUARE),
            new TypeDecl.Variant("square", SQUARE))))),
        "union-variant-type-changed", SHAPE + "::circle", BREAKS_OLD_CLIENTS_AND_SERVERS,
        "Variant 'circle' of union com.example.Shape changed type from com.example.Circle to com.example.Square: old"
            + " clients refuse values the new server sends; new clients refuse values old servers send.");
  }

  @Test
  void declaredErrorWithAnotherTypeOfTheSameShapeIsCompatible() {
    expect(only(api -> {
          api.types.put("com.example.errors.NoteMissing", api.types.get(MISSING));
          api.errors("notes", "add", new DeclaredError("note_exists", 409, "com.example.errors.NoteMissing"));
        }), "error-type-changed", "notes.add:error(note_exists)", COMPATIBLE,
        "Error 'note_exists' of notes.add changed type from com.example.NoteMissing to com.example.errors.NoteMissing,"
            + " which reads and writes the same JSON.");
  }

  /** Clients skip a declared error's members they do not know (both clients' decoders do), so only a missing one breaks. */
  @Test
  void errorFieldAddedBreaksOnlyNewClientsOfOldServersWhenRequired() {
    expect(only(api -> api.properties(MISSING, p -> {
          p.add(property("reason", STRING));
          return p;
        })), "property-added", MISSING + "::reason", BREAKS_OLD_SERVERS,
        "Property 'reason' of com.example.NoteMissing was added (a field of a declared error): old clients skip it; new"
            + " clients refuse the error from old servers without it.");
    expect(only(api -> api.properties(MISSING, p -> {
          p.add(property("hint", new TypeRef.Nullable(STRING)));
          return p;
        })), "optional-property-added", MISSING + "::hint", COMPATIBLE,
        "Property 'hint' of com.example.NoteMissing was added (a field of a declared error): old clients skip it.");
  }

  /** The types an error's fields reach are read strictly, like any value the server sends. */
  @Test
  void aTypeReachedFromAnErrorFieldFollowsTheServerToClientRules() {
    String detail = "com.example.Detail";
    Consumer<Api> withDetail = api -> {
      api.types.put(detail, dev.poto.contract.Samples.object(property("line", INT)));
      api.properties(MISSING, p -> {
        p.add(property("detail", ref(detail)));
        return p;
      });
    };
    Api before = Api.base();
    withDetail.accept(before);
    Api after = Api.base();
    withDetail.accept(after);
    after.properties(detail, p -> {
      p.add(property("column", new TypeRef.Nullable(INT)));
      return p;
    });
    List<Change> found = CompatibilityCheck.compare(before.build(), after.build());
    assertThat(found).hasSize(1);
    expect(found.getFirst(), "optional-property-added", detail + "::column", BREAKS_OLD_CLIENTS,
        "Property 'column' of com.example.Detail was added (sent by the server): old clients refuse it as an unknown"
            + " property.");
  }

  @Test
  void errorFieldRemovedRetypedOrMadeOptional() {
    expect(only(api -> api.properties(MISSING, p -> List.of())), "property-removed", MISSING + "::noteId",
        BREAKS_OLD_CLIENTS, "Property 'noteId' of com.example.NoteMissing was removed (or renamed) (a field of a declared"
            + " error): old clients refuse the error without it.");
    expect(only(api -> api.properties(MISSING, p -> List.of(property("noteId", LONG)))), "property-type-changed",
        MISSING + "::noteId", BREAKS_OLD_CLIENTS, "Property 'noteId' of com.example.NoteMissing (a field of a declared"
            + " error) changed type from int to long: old clients refuse values the new server sends.");
    expect(only(api -> api.properties(MISSING, p -> List.of(property("noteId", new TypeRef.Nullable(INT))))),
        "property-became-optional", MISSING + "::noteId", BREAKS_OLD_CLIENTS, "Property 'noteId' of"
            + " com.example.NoteMissing became optional (a field of a declared error): old clients refuse answers without it.");
  }

  /** A code is how clients recognise an error: a new code is another error, whatever the class. */
  @Test
  void declaredErrorCodeChangedIsOneErrorRemovedAndAnotherAdded() {
    assertThat(changes(api -> api.errors("notes", "add", new DeclaredError("note_taken", 409, MISSING))))
        .extracting(Change::key, Change::impact)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("error-removed notes.add:error(note_exists)", COMPATIBLE),
            org.assertj.core.groups.Tuple.tuple("error-added notes.add:error(note_taken)", COMPATIBLE));
  }

  @Test
  void changesAreSortedByLocationAndEveryRuleHasOneStableKey() {
    List<Change> found = changes(api -> {
      api.modules.remove("admin");
      api.remove("notes", "count");
      api.types.put(COLOR, new TypeDecl.EnumType(List.of("RED")));
    });
    assertThat(found).extracting(Change::key).containsExactly(
        "module-removed admin", "enum-constant-removed com.example.Color::GREEN", "method-removed notes.count");
    assertThat(Contract.FORMAT_VERSION).isEqualTo(1);
  }
}
