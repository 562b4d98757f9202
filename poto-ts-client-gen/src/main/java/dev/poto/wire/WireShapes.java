package dev.poto.wire;

import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl.Access;
import dev.poto.contract.TypeDecl.Discriminator;
import dev.poto.contract.TypeDecl.Property;
import dev.poto.contract.TypeDecl.Variant;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Builds the wire model of one compilation from javac's types: the shape of every parameter and result,
 * and every named type they reach, as Jackson (with Poto's settings) writes and reads them. It is the
 * only place that decides what may cross the wire: a type it accepts, every client generator renders;
 * a type it refuses is a {@link WireProblem} with a fix, reported once on the element at fault.
 *
 * <p>One instance per compilation: declarations accumulate across modules and rounds.
 */
public final class WireShapes {
  /** The annotation that chooses exact 64-bit longs in clients for an element (by name: no dependency). */
  public static final String LONG_AS_BIG_INT = "dev.poto.annotations.LongAsBigInt";

  /** The one type whose parameter is an upload ({@link ScalarKind#UPLOAD}), by name: no dependency on its jar. */
  public static final String UPLOAD = "dev.poto.protocol.Upload";

  private static final Map<String, ScalarKind> SCALARS = scalarsByJavaName();
  private static final List<String> RUNTIME_OBJECTS = List.of(
      "java.lang.Class", "java.lang.ClassLoader", "java.lang.Thread", "java.lang.ThreadGroup",
      "java.lang.ThreadLocal", "java.lang.ScopedValue");
  private static final List<String> FUTURES =
      List.of("java.util.concurrent.Future", "java.util.concurrent.CompletionStage");
  private static final List<String> IO_HANDLES = List.of(
      "java.io.InputStream", "java.io.OutputStream", "java.io.Reader", "java.io.Writer", "java.nio.channels.Channel");
  private static final List<String> STREAMS =
      List.of("java.util.stream.BaseStream", "java.util.Iterator", "java.util.concurrent.Flow.Publisher");

  private final Types types;
  private final Elements elements;
  private final AnnotationLookup annotations;
  private final boolean exactLongsByDefault;
  private final Map<String, WireDeclaration> declarations = new TreeMap<>();
  private final Set<String> started = new HashSet<>();
  private final Set<String> failed = new HashSet<>();
  private final List<WireProblem> problems = new ArrayList<>();
  private final Subtypes subtypes;

  /** {@code exactLongsByDefault}: every long is {@link ScalarKind#LONG_EXACT} unless an element says otherwise. */
  public WireShapes(Types types, Elements elements, boolean exactLongsByDefault) {
    this(types, elements, new Subtypes(types, elements), exactLongsByDefault);
  }

  /** The same, sharing the compilation's {@code subtypes} with the processor's other phases. */
  public WireShapes(Types types, Elements elements, Subtypes subtypes, boolean exactLongsByDefault) {
    this.types = types;
    this.elements = elements;
    this.subtypes = subtypes;
    this.annotations = new AnnotationLookup(elements);
    this.exactLongsByDefault = exactLongsByDefault;
  }

  /** The shape of an {@code @Rpc} parameter, or empty after recording why it cannot be received. */
  public Optional<TypeRef> parameter(VariableElement parameter, ExecutableElement method, boolean declaredNullable) {
    Position position = position(method, parameter);
    TypeRef shape;
    if (isUpload(parameter.asType())) {
      shape = declaredNullable || AnnotationLookup.hasNullable(parameter.asType())
          ? position.fail(WireMessages.nullableUpload()) : new TypeRef.Scalar(ScalarKind.UPLOAD);
      declaredNullable = false;
    } else {
      shape = declaredNullable && parameter.asType().getKind().isPrimitive()
          ? position.fail(WireMessages.nullablePrimitive(parameter.asType().toString()))
          : declaredNullable && isOptional(parameter.asType())
          ? position.fail(WireMessages.nullableOptional(parameter.asType().toString()))
          : shape(parameter.asType(), position);
    }
    if (shape == null) {
      if (!position.silent) {
        problems.add(new WireProblem(parameter, WireMessages.UNSUPPORTED_PARAMETER_TYPE,
            WireMessages.unsupportedParameterType(parameter.getSimpleName().toString(),
                method.getSimpleName().toString(), parameter.asType().toString(), position.reason), true));
      }
      return Optional.empty();
    }
    return Optional.of(declaredNullable ? TypeRef.orNull(shape) : shape);
  }

  /**
   * The shape of a field of a declared error (a parameter of its public constructor), or empty after
   * recording why it cannot be sent. Generated code in {@code modulePackage} names its type; longs
   * follow {@code @LongAsBigInt} on the error class and the field, so one error has one shape.
   */
  public Optional<TypeRef> errorField(
      VariableElement field, TypeElement error, PackageElement modulePackage, boolean declaredNullable) {
    boolean exact = longMode(exactLongsByDefault, error, field);
    Position position = new Position(null, exact, true, modulePackage);
    TypeRef shape = declaredNullable && isOptional(field.asType())
        ? position.fail(WireMessages.nullableOptional(field.asType().toString()))
        : shape(field.asType(), position);
    if (shape == null) {
      if (!position.silent) {
        problems.add(new WireProblem(field, WireMessages.UNSUPPORTED_ERROR_FIELD,
            WireMessages.unsupportedErrorField(field.getSimpleName().toString(), error.getQualifiedName().toString(),
                field.asType().toString(), position.reason), true));
      }
      return Optional.empty();
    }
    return Optional.of(declaredNullable ? TypeRef.orNull(shape) : shape);
  }

  /**
   * The shape of an {@code @Rpc} result value ({@code valueType}: the return type, or the item type of a
   * stream), or empty after recording why it cannot be sent.
   */
  public Optional<TypeRef> result(ExecutableElement method, TypeMirror valueType, boolean declaredNullable) {
    Position position = position(method);
    TypeRef shape = declaredNullable && valueType.getKind().isPrimitive()
        ? position.fail(WireMessages.nullablePrimitive(valueType.toString()))
        : declaredNullable && isOptional(valueType)
        ? position.fail(WireMessages.nullableOptional(valueType.toString()))
        : shape(valueType, position);
    if (shape == null) {
      reportResult(method, position.reason, position.silent);
      return Optional.empty();
    }
    return Optional.of(declaredNullable ? TypeRef.orNull(shape) : shape);
  }

  /** Records that a result cannot be sent for a reason found outside the value's shape (its kind). */
  public void reportResult(ExecutableElement method, String reason, boolean silent) {
    if (!silent) {
      problems.add(new WireProblem(method, WireMessages.UNSUPPORTED_RETURN_TYPE,
          WireMessages.unsupportedReturnType(method.getSimpleName().toString(), method.getReturnType().toString(), reason),
          true));
    }
  }

  /** Whether {@code type} is {@value #UPLOAD}, the request body of an upload call. */
  public static boolean isUpload(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(UPLOAD);
  }

  /** The reason a type is one of the JDK's stream types (only whole results may be). */
  public boolean isStream(TypeMirror type) {
    return isAnyOf(type, STREAMS);
  }

  /** Every named type reached so far, by qualified name (sorted). */
  public Map<String, WireDeclaration> declarations() {
    return Collections.unmodifiableMap(declarations);
  }

  /** Problems recorded since the last call, which forgets them (each is reported once). */
  public List<WireProblem> takeProblems() {
    List<WireProblem> taken = List.copyOf(problems);
    problems.clear();
    return taken;
  }

  /** Where a shape is being built: what it may name and how longs are chosen; collects the first reason. */
  private static final class Position {
    final TypeElement generic;
    final boolean exactLongs;
    final boolean namedInGeneratedCode;
    final PackageElement modulePackage;
    String reason;
    boolean silent;

    Position(TypeElement generic, boolean exactLongs, boolean namedInGeneratedCode, PackageElement modulePackage) {
      this.generic = generic;
      this.exactLongs = exactLongs;
      this.namedInGeneratedCode = namedInGeneratedCode;
      this.modulePackage = modulePackage;
    }

    TypeRef fail(String why) {
      if (reason == null) {
        reason = why;
      }
      return null;
    }

    TypeRef failSilently() {
      if (reason == null) {
        silent = true;
        reason = "";
      }
      return null;
    }
  }

  /** A parameter or result position of a method: {@code elements} are the method and, for a parameter, it. */
  private Position position(ExecutableElement method, Element... parameter) {
    TypeElement module = (TypeElement) method.getEnclosingElement();
    boolean exact = longMode(longMode(exactLongsByDefault, module, method), parameter);
    return new Position(null, exact, true, elements.getPackageOf(module));
  }

  /** The innermost {@code @LongAsBigInt} wins: {@code outerToInner} are read in order, each overriding. */
  private boolean longMode(boolean fallback, Element... outerToInner) {
    boolean exact = fallback;
    for (Element element : outerToInner) {
      Optional<AnnotationMirror> mark = AnnotationLookup.find(element, LONG_AS_BIG_INT);
      if (mark.isPresent()) {
        Object value = annotations.value(mark.get(), "value");
        exact = !(value instanceof Boolean b) || b;
      }
    }
    return exact;
  }

  // ---- shapes ----

  private TypeRef shape(TypeMirror type, Position position) {
    TypeRef bare = bareShape(type, position);
    if (bare == null || !AnnotationLookup.hasNullable(type)) {
      return bare;
    }
    return isOptional(type) ? position.fail(WireMessages.nullableOptional(type.toString())) : TypeRef.orNull(bare);
  }

  /** Optional and its primitive forms: a value or empty, whose empty is null on the wire. */
  private static boolean isOptional(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    return name.equals("java.util.Optional") || name.equals("java.util.OptionalInt") || name.equals("java.util.OptionalLong")
        || name.equals("java.util.OptionalDouble");
  }

  private TypeRef bareShape(TypeMirror type, Position position) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE:
        return scalar(SCALARS.get(type.getKind().name().toLowerCase(java.util.Locale.ROOT)), position);
      case ARRAY:
        TypeMirror component = ((ArrayType) type).getComponentType();
        // Jackson writes byte[] as base64 and char[] as a string; any other array as a JSON array.
        if (component.getKind() == TypeKind.BYTE && !AnnotationLookup.hasNullable(component)) {
          return new TypeRef.Scalar(ScalarKind.BYTES);
        }
        if (component.getKind() == TypeKind.CHAR) {
          return new TypeRef.Scalar(ScalarKind.STRING);
        }
        TypeRef element = shape(component, position);
        return element == null ? null : new TypeRef.Sequence(element);
      case TYPEVAR:
        Element owner = ((TypeVariable) type).asElement().getEnclosingElement();
        if (position.generic != null && owner.equals(position.generic)) {
          return new TypeRef.TypeParameter(((TypeVariable) type).asElement().getSimpleName().toString());
        }
        return position.fail(WireMessages.typeVariable(type.toString()));
      case WILDCARD:
        return position.fail(WireMessages.wildcard(type.toString()));
      case DECLARED:
        return declaredShape((DeclaredType) type, position);
      default:
        return position.fail(WireMessages.noJsonForm());
    }
  }

  private TypeRef scalar(ScalarKind kind, Position position) {
    return new TypeRef.Scalar(kind == ScalarKind.LONG && position.exactLongs ? ScalarKind.LONG_EXACT : kind);
  }

  private TypeRef declaredShape(DeclaredType type, Position position) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (name.equals("java.lang.Object")) {
      return position.fail(WireMessages.object());
    }
    if (name.equals(UPLOAD)) {
      return position.fail(WireMessages.nestedUpload());
    }
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    if (!element.getTypeParameters().isEmpty() && arguments.isEmpty()) {
      return position.fail(WireMessages.raw(type.toString()));
    }
    if (isAnyOf(type, RUNTIME_OBJECTS) || isReflection(element)) {
      return position.fail(WireMessages.runtimeObject(name));
    }
    if (isAnyOf(type, FUTURES)) {
      return position.fail(WireMessages.future());
    }
    if (isFunctional(element)) {
      return position.fail(WireMessages.function());
    }
    if (isAnyOf(type, IO_HANDLES)) {
      return position.fail(WireMessages.ioHandle());
    }
    if (isStream(type)) {
      return position.fail(WireMessages.nestedStream());
    }
    if (position.namedInGeneratedCode && !accessible(element, position)) {
      return null;
    }
    ScalarKind scalar = SCALARS.get(name);
    if (scalar != null) {
      return scalar(scalar, position);
    }
    List<TypeRef> shapes = new ArrayList<>();
    for (TypeMirror argument : arguments) {
      TypeRef shape = shape(argument, position);
      if (shape == null) {
        return null;
      }
      shapes.add(shape);
    }
    switch (name) {
      case "java.util.Optional":
        return shapes.getFirst() instanceof TypeRef.Nullable
            ? position.fail(WireMessages.nestedOptional(type.toString())) : TypeRef.orNull(shapes.getFirst());
      case "java.util.OptionalInt":
        return TypeRef.orNull(new TypeRef.Scalar(ScalarKind.INT));
      case "java.util.OptionalLong":
        return TypeRef.orNull(scalar(ScalarKind.LONG, position));
      case "java.util.OptionalDouble":
        return TypeRef.orNull(new TypeRef.Scalar(ScalarKind.DOUBLE));
      default:
        break;
    }
    boolean inJavaUtil = name.startsWith("java.util.") && name.indexOf('.', "java.util.".length()) < 0;
    if (isSubtypeOf(type, "java.util.Collection")) {
      return inJavaUtil && shapes.size() == 1
          ? new TypeRef.Sequence(shapes.getFirst())
          : position.fail(WireMessages.customCollection(name));
    }
    if (isSubtypeOf(type, "java.util.Map")) {
      if (!inJavaUtil || shapes.size() != 2) {
        return position.fail(WireMessages.customCollection(name));
      }
      TypeRef key = shapes.get(0) instanceof TypeRef.Nullable n ? n.type() : shapes.get(0);
      if (key instanceof TypeRef.Scalar s && s.kind() == ScalarKind.LONG_EXACT) {
        key = new TypeRef.Scalar(ScalarKind.LONG); // keys are strings in JSON: exact either way
      }
      boolean keyable = key instanceof TypeRef.Scalar s ? s.kind().mapKey()
          : key instanceof TypeRef.Named named && declarations.get(named.name()) != null
              && declarations.get(named.name()).type() instanceof TypeDecl.EnumType;
      return keyable ? new TypeRef.Dictionary(key, shapes.get(1)) : position.fail(WireMessages.mapKey(arguments.get(0).toString()));
    }
    if (isSubtypeOf(type, "com.fasterxml.jackson.databind.JsonNode")) {
      return position.fail(WireMessages.platformType(name));
    }
    if (isPlatformType(name)) {
      return position.fail(WireMessages.platformType(name));
    }
    String declared = declare(element, position);
    return declared == null ? null : new TypeRef.Named(declared, shapes);
  }

  /** Generated classes live in the module's package: they can name public and same-package types. */
  private boolean accessible(TypeElement element, Position position) {
    for (Element current = element; current.getKind().isClass() || current.getKind().isInterface();
        current = current.getEnclosingElement()) {
      if (current.getModifiers().contains(Modifier.PRIVATE)) {
        position.fail(WireMessages.privateType(current.toString()));
        return false;
      }
      boolean samePackage = elements.getPackageOf(current).equals(position.modulePackage);
      if (!current.getModifiers().contains(Modifier.PUBLIC) && !samePackage) {
        position.fail(WireMessages.inaccessibleType(current.toString()));
        return false;
      }
    }
    return true;
  }

  // ---- declarations ----

  /** Declares {@code element} once; returns its qualified name, or null when it cannot cross the wire. */
  private String declare(TypeElement element, Position position) {
    String qualified = element.getQualifiedName().toString();
    if (failed.contains(qualified)) {
      position.failSilently();
      return null;
    }
    if (!started.add(qualified)) {
      return qualified;
    }
    List<WireProblem> before = List.copyOf(problems);
    String reason = null;
    WireDeclaration declaration = null;
    switch (element.getKind()) {
      case ENUM -> declaration = declareEnum(element);
      case RECORD -> declaration = declareObject(element, recordProperties(element));
      case INTERFACE -> {
        boolean sealed = element.getModifiers().contains(Modifier.SEALED);
        if (!sealed) {
          reason = WireMessages.openInterface(qualified);
        } else if (!element.getTypeParameters().isEmpty()) {
          reason = WireMessages.genericSealed(qualified);
        } else {
          declaration = declareUnion(element);
        }
      }
      case CLASS -> {
        if (element.getModifiers().contains(Modifier.ABSTRACT)) {
          reason = WireMessages.abstractClass(qualified);
        } else {
          declaration = declareBean(element);
        }
      }
      default -> reason = WireMessages.noJsonForm();
    }
    boolean newProblems = problems.size() > before.size();
    if (declaration == null || newProblems) {
      failed.add(qualified);
      started.remove(qualified);
      declarations.remove(qualified);
      if (reason != null) {
        position.fail(reason);
      } else {
        position.failSilently();
      }
      return null;
    }
    declarations.put(qualified, declaration);
    return qualified;
  }

  private String packageName(TypeElement element) {
    return elements.getPackageOf(element).getQualifiedName().toString();
  }

  private WireDeclaration declaration(TypeElement element, TypeDecl type) {
    return new WireDeclaration(element.getQualifiedName().toString(), element.getSimpleName().toString(),
        packageName(element), type);
  }

  private WireDeclaration declareEnum(TypeElement element) {
    List<String> values = new ArrayList<>();
    for (Element member : element.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD
          && AnnotationLookup.find(member, AnnotationLookup.JSON_VALUE).isPresent()) {
        problems.add(new WireProblem(member, WireMessages.ENUM_JSON_VALUE,
            WireMessages.enumJsonValue(element.getQualifiedName().toString()), false));
        return null;
      }
      if (member.getKind() == ElementKind.ENUM_CONSTANT) {
        values.add(jsonName(member, member.getSimpleName().toString()));
      }
    }
    return declaration(element, new TypeDecl.EnumType(values));
  }

  /** A JSON property as found in Java: its name, type, nullability, direction and where it is declared. */
  private record Found(String name, TypeMirror type, boolean nullable, Access access, Element element, List<Element> marks) {}

  private List<Found> recordProperties(TypeElement record) {
    List<Found> properties = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      ExecutableElement accessor = component.getAccessor();
      if (AnnotationLookup.find(component, AnnotationLookup.JSON_IGNORE).isPresent()
          || AnnotationLookup.find(accessor, AnnotationLookup.JSON_IGNORE).isPresent()) {
        continue;
      }
      String name = jsonName(component, jsonName(accessor, component.getSimpleName().toString()));
      boolean nullable = AnnotationLookup.hasNullable(component) || AnnotationLookup.hasNullable(accessor);
      properties.add(new Found(name, component.asType(), nullable, Access.READ_WRITE, component,
          List.of(component, accessor)));
    }
    return properties;
  }

  /** A bean's properties the way Jackson's defaults find them: public getters and fields, setters, inferred fields. */
  private List<Found> beanProperties(TypeElement bean) {
    DeclaredType beanType = (DeclaredType) bean.asType();
    Map<String, ExecutableElement> getters = new LinkedHashMap<>();
    Map<String, ExecutableElement> setters = new LinkedHashMap<>();
    Map<String, VariableElement> fields = new LinkedHashMap<>();
    for (TypeElement type = bean; type != null && !isPlatformType(type.getQualifiedName().toString());
        type = superclassOf(type)) {
      for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
        if (!field.getModifiers().contains(Modifier.STATIC) && !field.getModifiers().contains(Modifier.TRANSIENT)) {
          fields.putIfAbsent(field.getSimpleName().toString(), field);
        }
      }
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        String getter = getterProperty(method);
        if (getter != null) {
          getters.putIfAbsent(getter, method);
        }
        String setter = setterProperty(method);
        if (setter != null) {
          setters.putIfAbsent(setter, method);
        }
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (Map.Entry<String, VariableElement> field : fields.entrySet()) {
      if (field.getValue().getModifiers().contains(Modifier.PUBLIC)) {
        names.add(field.getKey());
      }
    }
    names.addAll(getters.keySet());
    names.addAll(setters.keySet());
    List<Found> properties = new ArrayList<>();
    for (String implicit : names) {
      ExecutableElement getter = getters.get(implicit);
      ExecutableElement setter = setters.get(implicit);
      VariableElement field = fields.get(implicit);
      boolean publicField = field != null && field.getModifiers().contains(Modifier.PUBLIC);
      // A visible accessor makes a field of the same name a mutator too (Jackson's inferred mutators).
      boolean readable = getter != null || publicField;
      boolean writable = setter != null || field != null;
      List<Element> marks = new ArrayList<>();
      for (Element accessor : new Element[] {field, getter, setter}) {
        if (accessor != null) {
          marks.add(accessor);
        }
      }
      if (marks.stream().anyMatch(m -> AnnotationLookup.find(m, AnnotationLookup.JSON_IGNORE).isPresent())) {
        continue;
      }
      TypeMirror type;
      if (getter != null) {
        type = ((ExecutableType) types.asMemberOf(beanType, getter)).getReturnType();
      } else if (field != null) {
        type = types.asMemberOf(beanType, field);
      } else {
        type = ((ExecutableType) types.asMemberOf(beanType, setter)).getParameterTypes().getFirst();
      }
      if (!writable && getter != null && (isSubtypeOf(type, "java.util.Collection") || isSubtypeOf(type, "java.util.Map"))) {
        writable = true; // Jackson fills a getter-only collection or map through the getter
      }
      if (!readable && !writable) {
        continue;
      }
      Access access = readable && writable ? Access.READ_WRITE : readable ? Access.OUTPUT_ONLY : Access.INPUT_ONLY;
      String name = implicit;
      boolean nullable = false;
      for (Element mark : marks) {
        name = jsonName(mark, name);
        nullable |= AnnotationLookup.hasNullable(mark);
      }
      Element site = getter != null ? getter : field != null ? field : setter;
      properties.add(new Found(name, type, nullable, access, site, marks));
    }
    return properties;
  }

  private WireDeclaration declareBean(TypeElement bean) {
    List<Found> properties = beanProperties(bean);
    if (properties.isEmpty()) {
      problems.add(new WireProblem(bean, WireMessages.EMPTY_BEAN,
          WireMessages.emptyBean(bean.getQualifiedName().toString()), false));
      return null;
    }
    return declareObject(bean, properties);
  }

  private WireDeclaration declareObject(TypeElement type, List<Found> found) {
    String qualified = type.getQualifiedName().toString();
    List<Discriminator> discriminators = discriminatorsOf(type);
    if (discriminators == null) {
      return null;
    }
    boolean exactDefault = longMode(exactLongsByDefault, type);
    List<Property> properties = new ArrayList<>();
    boolean ok = true;
    for (Found property : found) {
      for (Discriminator discriminator : discriminators) {
        if (discriminator.property().equals(property.name())) {
          problems.add(new WireProblem(property.element(), WireMessages.DISCRIMINATOR_CLASH,
              WireMessages.discriminatorClash(qualified, property.name()), false));
          ok = false;
        }
      }
      Position position = new Position(type, longMode(exactDefault, property.marks().toArray(Element[]::new)),
          false, null);
      TypeRef shape = property.nullable() && property.type().getKind().isPrimitive()
          ? position.fail(WireMessages.nullablePrimitive(property.type().toString()))
          : property.nullable() && isOptional(property.type())
          ? position.fail(WireMessages.nullableOptional(property.type().toString()))
          : shape(property.type(), position);
      if (shape == null) {
        ok = false;
        if (!position.silent) {
          problems.add(new WireProblem(property.element(), WireMessages.UNSUPPORTED_PROPERTY_TYPE,
              WireMessages.unsupportedPropertyType(property.name(), qualified, property.type().toString(),
                  position.reason), false));
        }
        continue;
      }
      boolean optional = property.nullable() || shape instanceof TypeRef.Nullable;
      properties.add(new Property(property.name(), optional ? TypeRef.orNull(shape) : shape, optional,
          property.access()));
    }
    if (!ok) {
      return null;
    }
    List<String> typeParameters = new ArrayList<>();
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      typeParameters.add(parameter.getSimpleName().toString());
    }
    return declaration(type, new TypeDecl.ObjectType(typeParameters, discriminators, properties));
  }

  /** The type properties Jackson adds to this class: one per supertype carrying {@code @JsonTypeInfo}; null on error. */
  private List<Discriminator> discriminatorsOf(TypeElement type) {
    List<Discriminator> discriminators = new ArrayList<>();
    for (TypeElement supertype : supertypesOf(type)) {
      Optional<AnnotationMirror> typeInfo = AnnotationLookup.find(supertype, AnnotationLookup.JSON_TYPE_INFO);
      if (typeInfo.isEmpty()) {
        continue;
      }
      String property = typeProperty(typeInfo.get());
      if (property == null) {
        problems.add(new WireProblem(supertype, WireMessages.SEALED_TYPE_INFO,
            WireMessages.sealedTypeInfo(supertype.getQualifiedName().toString()), false));
        return null;
      }
      discriminators.add(new Discriminator(property, tagOf(supertype, type)));
    }
    return discriminators;
  }

  private WireDeclaration declareUnion(TypeElement sealed) {
    String qualified = sealed.getQualifiedName().toString();
    Optional<AnnotationMirror> typeInfo = AnnotationLookup.find(sealed, AnnotationLookup.JSON_TYPE_INFO);
    String property = typeInfo.map(this::typeProperty).orElse(null);
    Optional<AnnotationMirror> subTypes = AnnotationLookup.find(sealed, AnnotationLookup.JSON_SUB_TYPES);
    if (property == null || subTypes.isEmpty()) {
      problems.add(new WireProblem(sealed, WireMessages.SEALED_TYPE_INFO, WireMessages.sealedTypeInfo(qualified), false));
      return null;
    }
    List<TypeElement> permitted = new ArrayList<>();
    for (TypeMirror subclass : sealed.getPermittedSubclasses()) {
      permitted.add((TypeElement) types.asElement(subclass));
    }
    Set<String> listed = new LinkedHashSet<>();
    for (AnnotationMirror entry : subTypeEntries(subTypes.get())) {
      listed.add(classValue(entry).getQualifiedName().toString());
    }
    Set<String> missing = new LinkedHashSet<>();
    for (TypeElement variant : permitted) {
      if (!listed.remove(variant.getQualifiedName().toString())) {
        missing.add(variant.getQualifiedName().toString());
      }
    }
    if (!missing.isEmpty() || !listed.isEmpty()) {
      problems.add(new WireProblem(sealed, WireMessages.SEALED_SUBTYPES,
          WireMessages.sealedSubtypes(qualified, missing, listed), false));
      return null;
    }
    List<Variant> variants = new ArrayList<>();
    Set<String> tags = new HashSet<>();
    boolean ok = true;
    for (TypeElement variant : permitted) {
      boolean finalClass = variant.getKind() == ElementKind.CLASS && variant.getModifiers().contains(Modifier.FINAL);
      if (variant.getKind() != ElementKind.RECORD && !finalClass) {
        problems.add(new WireProblem(variant, WireMessages.SEALED_VARIANT,
            WireMessages.sealedVariant(qualified, variant.getQualifiedName().toString()), false));
        ok = false;
        continue;
      }
      String tag = tagOf(sealed, variant);
      if (!tags.add(tag)) {
        problems.add(new WireProblem(variant, WireMessages.DUPLICATE_TAG, WireMessages.duplicateTag(qualified, tag), false));
        ok = false;
      }
      Position position = new Position(null, exactLongsByDefault, false, null);
      String name = declare(variant, position);
      if (name == null) {
        ok = false;
        if (!position.silent) {
          problems.add(new WireProblem(variant, WireMessages.UNSUPPORTED_PROPERTY_TYPE,
              WireMessages.unsupportedPropertyType("(variant)", qualified, variant.toString(), position.reason), false));
        }
      } else {
        variants.add(new Variant(tag, name));
      }
    }
    return ok ? declaration(sealed, new TypeDecl.UnionType(property, variants)) : null;
  }

  /** The property Jackson writes for {@code use = NAME, include = PROPERTY}; null for other settings. */
  private String typeProperty(AnnotationMirror typeInfo) {
    if (!annotations.enumValue(typeInfo, "use").equals("NAME")
        || !annotations.enumValue(typeInfo, "include").equals("PROPERTY")) {
      return null;
    }
    String property = annotations.stringValue(typeInfo, "property");
    return property.isEmpty() ? "@type" : property; // Jackson's default property for Id.NAME
  }

  /**
   * The type id Jackson writes for {@code variant} under {@code supertype}: the name in
   * {@code @JsonSubTypes.Type}, else {@code @JsonTypeName}, else Jackson's default, the binary name
   * after the package ({@code Shape$Circle} for a nested record).
   */
  private String tagOf(TypeElement supertype, TypeElement variant) {
    Optional<AnnotationMirror> subTypes = AnnotationLookup.find(supertype, AnnotationLookup.JSON_SUB_TYPES);
    if (subTypes.isPresent()) {
      for (AnnotationMirror entry : subTypeEntries(subTypes.get())) {
        if (classValue(entry).equals(variant)) {
          String name = annotations.stringValue(entry, "name");
          if (!name.isEmpty()) {
            return name;
          }
        }
      }
    }
    Optional<AnnotationMirror> typeName = AnnotationLookup.find(variant, AnnotationLookup.JSON_TYPE_NAME);
    if (typeName.isPresent()) {
      String name = annotations.stringValue(typeName.get(), "value");
      if (!name.isEmpty()) {
        return name;
      }
    }
    String binary = elements.getBinaryName(variant).toString();
    return binary.substring(binary.lastIndexOf('.') + 1);
  }

  private List<AnnotationMirror> subTypeEntries(AnnotationMirror subTypes) {
    List<AnnotationMirror> entries = new ArrayList<>();
    for (AnnotationValue value : annotations.listValue(subTypes, "value")) {
      entries.add((AnnotationMirror) value.getValue());
    }
    return entries;
  }

  private TypeElement classValue(AnnotationMirror subTypeEntry) {
    return (TypeElement) types.asElement((TypeMirror) annotations.value(subTypeEntry, "value"));
  }

  private String jsonName(Element element, String fallback) {
    Optional<AnnotationMirror> property = AnnotationLookup.find(element, AnnotationLookup.JSON_PROPERTY);
    if (property.isPresent()) {
      String name = annotations.stringValue(property.get(), "value");
      if (!name.isEmpty()) {
        return name;
      }
    }
    return fallback;
  }

  /** The bean property a public getter exposes, in Jackson's default naming; null if not a getter. */
  private static String getterProperty(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    if (!modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.STATIC)
        || !method.getParameters().isEmpty() || !method.getTypeParameters().isEmpty()) {
      return null;
    }
    String name = method.getSimpleName().toString();
    TypeKind returnKind = method.getReturnType().getKind();
    if (name.startsWith("get") && name.length() > 3 && returnKind != TypeKind.VOID && !name.equals("getClass")) {
      return beanName(name.substring(3));
    }
    if (name.startsWith("is") && name.length() > 2 && returnKind == TypeKind.BOOLEAN) {
      return beanName(name.substring(2));
    }
    return null;
  }

  /** The property a setter fills (Jackson detects setters of any visibility); null if not a setter. */
  private static String setterProperty(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    if (method.getModifiers().contains(Modifier.STATIC) || method.getParameters().size() != 1
        || !method.getTypeParameters().isEmpty() || !name.startsWith("set") || name.length() <= 3) {
      return null;
    }
    return beanName(name.substring(3));
  }

  /** Jackson's default (legacy) mangling lower-cases the leading run of capitals: getURL -> url. */
  private static String beanName(String rest) {
    StringBuilder property = new StringBuilder(rest);
    for (int i = 0; i < property.length() && Character.isUpperCase(property.charAt(i)); i++) {
      property.setCharAt(i, Character.toLowerCase(property.charAt(i)));
    }
    return property.toString();
  }

  private TypeElement superclassOf(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(superclass) : null;
  }

  private Set<TypeElement> supertypesOf(TypeElement type) {
    Set<TypeElement> result = new LinkedHashSet<>();
    List<TypeMirror> pending = new ArrayList<>(types.directSupertypes(type.asType()));
    while (!pending.isEmpty()) {
      TypeMirror next = pending.remove(0);
      if (next.getKind() == TypeKind.DECLARED && result.add((TypeElement) types.asElement(next))) {
        pending.addAll(types.directSupertypes(next));
      }
    }
    return result;
  }

  private boolean isSubtypeOf(TypeMirror type, String qualifiedName) {
    return subtypes.isSubtypeOf(type, qualifiedName);
  }

  private boolean isAnyOf(TypeMirror type, List<String> names) {
    for (String name : names) {
      if (subtypes.isSubtypeOf(type, name)) {
        return true;
      }
    }
    return false;
  }

  private boolean isReflection(TypeElement element) {
    String pkg = packageName(element);
    return pkg.equals("java.lang.reflect") || pkg.equals("java.lang.invoke");
  }

  private boolean isFunctional(TypeElement element) {
    return packageName(element).equals("java.util.function")
        || AnnotationLookup.find(element, "java.lang.FunctionalInterface").isPresent();
  }

  /** JDK types not listed as scalars (Thread, functions, streams, ...) have no JSON form. */
  private static boolean isPlatformType(String qualified) {
    return qualified.startsWith("java.") || qualified.startsWith("javax.") || qualified.startsWith("jdk.")
        || qualified.startsWith("sun.") || qualified.startsWith("com.sun.");
  }

  private static Map<String, ScalarKind> scalarsByJavaName() {
    Map<String, ScalarKind> byName = new HashMap<>();
    for (ScalarKind kind : ScalarKind.values()) {
      for (String name : kind.javaNames()) {
        byName.put(name, kind);
      }
    }
    return Map.copyOf(byName);
  }
}
