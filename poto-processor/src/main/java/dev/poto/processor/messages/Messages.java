package dev.poto.processor.messages;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.wire.WireMessages;

/**
 * Every text the processor prints, in one place so tests match exactly what users read. Each message
 * starts with a stable id ({@code [Poto/OverloadedRpc]}) that users can search for, says what is wrong
 * and ends with how to fix it. Ids never change once released; texts may improve.
 */
public final class Messages {
  private Messages() {}

  /** The stable ids, one per distinct problem. */
  public enum Id {
    NonPublicRpc,
    StaticRpc,
    OverloadedRpc,
    GenericRpc,
    InvalidMethodName,
    UnsupportedParameterType,
    UnsupportedReturnType,
    UnsupportedErrorField,
    UnresolvedType,
    RpcOutsideClass,
    InaccessibleModule,
    GenericModule,
    InvalidRoute,
    DuplicateRoute,
    EmptyRoles,
    BlankRole,
    ConflictingAccess,
    EmptyModule,
    GeneratedNameClash,
    InvalidOption,
    TsOutputFailed,
    PartialCompilation,
    PartialContract,
    InterfaceWithoutRpcModule,
    SeveralApis,
    DuplicateImplementation,
    AccessOnImplementation,
    RpcNotInApi,
    RouteOnImplementation,
    MissingDescriptor,
    MissingErrorCode,
    InvalidErrorCode,
    ReservedErrorCode,
    InvalidErrorStatus,
    ErrorCodeClash,
    InaccessibleError,
    ErrorConstructor,
    ErrorFieldAccessor,
    ReservedErrorField,
    ErrorNotDomainException,
    UndeclarableError,
    SecondUpload,
    InternalError;

    /** The prefix every message with this id starts with, e.g. {@code [Poto/StaticRpc]}. */
    public String tag() {
      return "[Poto/" + name() + "]";
    }
  }

  /** What parameters and results may be, appended to type errors. */
  public static final String SUPPORTED_TYPES = WireMessages.SUPPORTED_TYPES;

  public static String nonPublicRpc(String method) {
    return Id.NonPublicRpc.tag() + " @Rpc method " + method + "() is not public; make it public"
        + " (only public methods can be called by the generated dispatcher).";
  }

  public static String staticRpc(String method) {
    return Id.StaticRpc.tag() + " @Rpc method " + method + "() is static; make it an instance method"
        + " (calls go to the module instance you register with the server).";
  }

  public static String overloadedRpc(String module, String method) {
    return Id.OverloadedRpc.tag() + " Module " + module + " has more than one @Rpc method named "
        + method + "; RPC methods are addressed by name, so rename one of them.";
  }

  public static String genericRpc(String method) {
    return Id.GenericRpc.tag() + " @Rpc method " + method + "() declares type parameters; remove them"
        + " and use concrete types (the wire needs a fixed type to decode arguments).";
  }

  public static String invalidMethodName(String method) {
    return Id.InvalidMethodName.tag() + " @Rpc method name '" + method + "' cannot be a route segment;"
        + " rename it using only ASCII letters, digits and '_'.";
  }

  /** Type texts live with the wire model that decides them ({@link WireMessages}). */
  public static String unsupportedParameterType(String param, String method, String type, String reason) {
    return WireMessages.unsupportedParameterType(param, method, type, reason);
  }

  public static String secondUpload(String method, String first, String second) {
    return Id.SecondUpload.tag() + " @Rpc method " + method + "() takes a second Upload '" + second + "' after '"
        + first + "'; a call carries one upload as its request body, so take one Upload per method (split the"
        + " method, or send the other bytes as byte[] inside the arguments).";
  }

  public static String unsupportedReturnType(String method, String type, String reason) {
    return WireMessages.unsupportedReturnType(method, type, reason);
  }

  public static String unresolvedType(String module) {
    return Id.UnresolvedType.tag() + " The signatures of @Rpc methods in " + module
        + " refer to types that could not be resolved; fix the missing imports or dependencies"
        + " reported above, then compile again.";
  }

  public static String rpcOutsideClass(String method, String kind) {
    return Id.RpcOutsideClass.tag() + " @Rpc method " + method + "() is declared in " + kind
        + "; move it to a class (modules are classes whose instances you register with the server).";
  }

  public static String interfaceWithoutRpcModule(String method, String api) {
    return Id.InterfaceWithoutRpcModule.tag() + " @Rpc method " + method + "() is declared in interface " + api
        + ", which has no @RpcModule; annotate the interface with @RpcModule to make it an API module (clients"
        + " are generated from it, a server class implements it), or move the method to a module class.";
  }

  public static String severalApis(String implementation, String apis) {
    return Id.SeveralApis.tag() + " Class " + implementation + " implements several API modules (" + apis
        + "); a class serves one module, so implement each API interface in a class of its own.";
  }

  public static String duplicateImplementation(String api, String implementation, String other) {
    return Id.DuplicateImplementation.tag() + " API module " + api + " is implemented by both " + implementation
        + " and " + other + "; a server binds one class per API module: keep one class that implements " + api
        + " (others may extend it without repeating 'implements').";
  }

  public static String accessOnImplementation(String where, String api) {
    return Id.AccessOnImplementation.tag() + " @Public or @Roles on " + where + ", which implements API module "
        + api + "; who may call a method is part of the API, so put the annotation on the interface " + api
        + " or on its method instead.";
  }

  public static String rpcNotInApi(String method, String implementation, String api) {
    return Id.RpcNotInApi.tag() + " @Rpc method " + method + "() of " + implementation + " is not an @Rpc method"
        + " of its API module " + api + "; declare it in " + api + " with @Rpc (the clients are generated from"
        + " the interface), or remove @Rpc here.";
  }

  public static String routeOnImplementation(String implementation, String api) {
    return Id.RouteOnImplementation.tag() + " Class " + implementation + " is annotated with @RpcModule but"
        + " implements API module " + api + ", whose route it serves; remove @RpcModule from the class and"
        + " set the route on " + api + ".";
  }

  public static String missingDescriptor(String implementation, String api, String descriptor) {
    return Id.MissingDescriptor.tag() + " Class " + implementation + " implements API module " + api
        + ", but its descriptor " + descriptor + " is not on the class path; compile the API artifact with"
        + " poto-processor (<proc>full</proc> or annotationProcessorPaths) and depend on that build of it.";
  }

  public static String inaccessibleModule(String module, String reason) {
    return Id.InaccessibleModule.tag() + " Module " + module + " " + reason
        + "; make the class (and every class enclosing it) public so generated code can call it.";
  }

  public static String genericModule(String module) {
    return Id.GenericModule.tag() + " Module " + module + " has type parameters (its own or an enclosing"
        + " class's); remove them: a module's @Rpc signatures must be concrete.";
  }

  public static String invalidRoute(String module, String route) {
    return Id.InvalidRoute.tag() + " Module " + module + " has route '" + route + "', which is not a valid"
        + " route segment; a route is " + Protocol.ROUTE_RULE + ", e.g. @RpcModule(\"todo\").";
  }

  public static String duplicateRoute(String module, String route, String other) {
    return Id.DuplicateRoute.tag() + " Module " + module + " has route '" + route + "', which module "
        + other + " also uses; give one of them another route with @RpcModule(\"...\").";
  }

  public static String emptyRoles(String where) {
    return Id.EmptyRoles.tag() + " @Roles on " + where + " lists no role; name at least one role, or"
        + " remove @Roles to allow any authenticated caller.";
  }

  public static String blankRole(String where) {
    return Id.BlankRole.tag() + " @Roles on " + where + " contains an empty or blank role name;"
        + " remove it or write the role's name.";
  }

  public static String conflictingAccess(String where) {
    return Id.ConflictingAccess.tag() + " " + where + " is annotated with both @Public and @Roles;"
        + " keep @Public (no token needed) or @Roles (token with one of the roles needed), not both.";
  }

  public static String emptyModule(String module) {
    return Id.EmptyModule.tag() + " " + module + " is annotated with @RpcModule but has no @Rpc methods,"
        + " so nothing is generated for it; add @Rpc to the methods to expose, or remove @RpcModule.";
  }

  public static String generatedNameClash(String module, String detail) {
    return Id.GeneratedNameClash.tag() + " Could not write the generated classes of module " + module
        + " (" + detail + "); a class with the name of a generated one ("
        + "<Module>Dispatcher or <Module>Client) probably exists already: rename it or the module.";
  }

  public static String invalidOption(String option, String value, String expected) {
    return Id.InvalidOption.tag() + " Processor option -A" + option + "=" + value + " is not valid; use "
        + expected + ".";
  }

  public static String tsOutputFailed(String dir, String detail) {
    return Id.TsOutputFailed.tag() + " Could not write the TypeScript client to " + dir + " (" + detail
        + "); make -Apoto.ts.out name a writable directory, or remove the option.";
  }

  public static String partialCompilation(String earlierModules) {
    return Id.PartialCompilation.tag() + " This compilation saw only some of the modules (" + earlierModules
        + " came from an earlier compilation into the same output), as an incremental build does: their"
        + " registrations are kept, but the TypeScript client, which covers all modules at once, was not"
        + " regenerated and may be out of date; run a full build (for example mvn clean compile, or"
        + " Rebuild Project) to regenerate it.";
  }

  public static String partialContract(String earlierModules) {
    return Id.PartialContract.tag() + " This compilation saw only some of the modules (" + earlierModules
        + " came from an earlier compilation into the same output) and the contract file that compilation"
        + " left (META-INF/poto/contract.json) could not be read, so the contract now lists only the"
        + " modules compiled now; run a full build (for example mvn clean compile, or Rebuild Project) to"
        + " write the whole contract.";
  }

  public static String missingErrorCode(String error) {
    return Id.MissingErrorCode.tag() + " Declared error " + error + " has no @RpcError; annotate it with"
        + " @RpcError(code = \"...\", status = ...) to give it the code and HTTP status clients see.";
  }

  public static String invalidErrorCode(String error, String code) {
    return Id.InvalidErrorCode.tag() + " Declared error " + error + " has code '" + code + "', which is not "
        + ProblemCodes.DECLARED_CODE_RULE + "; write it in snake case, e.g. @RpcError(code = \"note_not_found\", ...).";
  }

  public static String reservedErrorCode(String error, String code) {
    return Id.ReservedErrorCode.tag() + " Declared error " + error + " has code '" + code + "', which Poto"
        + " answers with itself (its own codes and those starting with '" + ProblemCodes.HTTP_STATUS_PREFIX
        + "'); choose a code of your domain, e.g. '" + code.replaceFirst("^" + ProblemCodes.HTTP_STATUS_PREFIX, "")
        + "_denied'.";
  }

  public static String invalidErrorStatus(String error, int status) {
    return Id.InvalidErrorStatus.tag() + " Declared error " + error + " has status " + status + ", which is"
        + " not an error status; use 400 to 599 (e.g. 404 for something missing, 409 for a conflict).";
  }

  public static String errorCodeClash(String code, String error, String other) {
    return Id.ErrorCodeClash.tag() + " Declared errors " + error + " and " + other + " both have code '"
        + code + "'; clients tell errors apart by code, so give one of them another code.";
  }

  public static String inaccessibleError(String error, String reason) {
    return Id.InaccessibleError.tag() + " Declared error " + error + " " + reason + "; make it a public,"
        + " concrete, top-level or static nested class (in public classes) so generated clients can create it.";
  }

  public static String errorConstructor(String error, int publicConstructors) {
    return Id.ErrorConstructor.tag() + " Declared error " + error + " has " + publicConstructors
        + " public constructors; give it exactly one, whose parameters are the error's fields (make the others"
        + " non-public).";
  }

  public static String errorFieldAccessor(String error, String field, String type) {
    return Id.ErrorFieldAccessor.tag() + " Field '" + field + "' of declared error " + error + " has no public"
        + " accessor; add 'public " + type + " " + field + "()' returning the constructor's value, as a record"
        + " component has.";
  }

  public static String reservedErrorField(String error, String field) {
    return Id.ReservedErrorField.tag() + " Field '" + field + "' of declared error " + error + " has the"
        + " name of a member every problem answer carries (type, title, status, detail, instance, code,"
        + " requestId); rename the constructor parameter and its accessor.";
  }

  public static String errorNotDomainException(String error, String method) {
    return Id.ErrorNotDomainException.tag() + " @Rpc method " + method + "() declares " + error + ", which has"
        + " @RpcError but does not extend dev.poto.protocol.DomainException; extend DomainException so the"
        + " server and the clients can carry its fields.";
  }

  public static String undeclarableError(String method) {
    return Id.UndeclarableError.tag() + " @Rpc method " + method + "() declares DomainException itself, which"
        + " names no error; list the concrete error classes it throws instead.";
  }

  public static String internalError(String detail) {
    return Id.InternalError.tag() + " The Poto processor failed unexpectedly (" + detail + ");"
        + " please report this with the source of the affected class.";
  }
}
