package dev.poto.tsgen.mapping;

import dev.poto.tsgen.TsMessages;
import dev.poto.tsgen.TsProblem;
import dev.poto.tsgen.model.TsDeclaration;
import dev.poto.tsgen.model.TsDiscriminator;
import dev.poto.tsgen.model.TsField;
import dev.poto.tsgen.model.TsScalar;
import dev.poto.tsgen.model.TsType;
import dev.poto.tsgen.model.TsUnionCase;
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
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Maps Java types, as javac sees them, to the TS model, collecting every named type they reach into
 * {@link #declarations()} and every type that has no faithful TS form into {@link #problems()}.
 * One mapper per generation run: declarations and name ownership accumulate across calls.
 *
 * <p>The mapping mirrors what Poto's Jackson setup writes (see {@code docs/TYPESCRIPT.md}):
 * numbers as numbers ({@code long} checked to be a safe integer by the client), BigDecimal and
 * BigInteger as strings, java.time as ISO-8601 strings, byte[] as base64, enums by name.
 */
public final class JavaToTsMapper {
  /** Stands in for a type that produced a problem, so mapping can go on and report more. */
  private static final TsType UNKNOWN = new TsType.TypeVariable("unknown");

  private static final Map<String, TsType> KNOWN_TYPES = knownTypes();

  private final Types types;
  private final Elements elements;
  private final AnnotationLookup annotations;
  private final Map<String, TsDeclaration> declarations = new TreeMap<>();
  private final Map<String, String> ownerOfTsName = new HashMap<>();
  private final Set<String> started = new HashSet<>();
  private final List<TsProblem> problems = new ArrayList<>();

  public JavaToTsMapper(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
    this.annotations = new AnnotationLookup(elements);
  }

  /** A mapped parameter or field: its type ({@code | null} included) and whether it may be absent. */
  public record Mapped(TsType type, boolean optional) {}

  /**
   * Maps a parameter, field or result type. {@code declaredNullable} is a declaration annotation's
   * verdict; type-use {@code @Nullable} and {@code Optional} are detected here. {@code where} names the
   * position for messages, e.g. "parameter `title` of TodoModule.add".
   */
  public Mapped map(TypeMirror type, boolean declaredNullable, Element site, String where) {
    TsType mapped = map(type, new Site(site, where, null));
    boolean nullable = declaredNullable || mapped instanceof TsType.Nullable;
    return new Mapped(nullable ? TsType.nullable(mapped) : mapped, nullable);
  }

  /** Every named type reached so far, by TS name (sorted, so output is deterministic). */
  public Map<String, TsDeclaration> declarations() {
    return Collections.unmodifiableMap(declarations);
  }

  public List<TsProblem> problems() {
    return List.copyOf(problems);
  }

  public void report(Element element, String id, String message) {
    problems.add(new TsProblem(element, id, message));
  }

  /** Where a type is used: the element to blame, its description, and the generic type in scope. */
  private record Site(Element element, String where, TypeElement generic) {}

  private TsType map(TypeMirror type, Site site) {
    TsType bare = mapBare(type, site);
    return AnnotationLookup.hasNullable(type) ? TsType.nullable(bare) : bare;
  }

  private TsType mapBare(TypeMirror type, Site site) {
    switch (type.getKind()) {
      case BOOLEAN:
        return scalar(TsScalar.BOOLEAN);
      case BYTE, SHORT, INT, FLOAT, DOUBLE:
        return scalar(TsScalar.NUMBER);
      case LONG:
        return scalar(TsScalar.LONG);
      case CHAR:
        return scalar(TsScalar.STRING);
      case ARRAY:
        return mapArray((ArrayType) type, site);
      case TYPEVAR:
        return mapTypeVariable((TypeVariable) type, site);
      case WILDCARD:
        return fail(site, TsMessages.WILDCARD, TsMessages.wildcard(type.toString(), site.where()));
      case DECLARED:
        return mapDeclared((DeclaredType) type, site);
      default:
        return fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedType(type.toString(), site.where()));
    }
  }

  private TsType mapArray(ArrayType array, Site site) {
    TypeMirror component = array.getComponentType();
    // Jackson writes byte[] as base64 and char[] as a string; any other array as a JSON array.
    if (component.getKind() == TypeKind.BYTE && !AnnotationLookup.hasNullable(component)) {
      return scalar(TsScalar.BYTES);
    }
    if (component.getKind() == TypeKind.CHAR) {
      return scalar(TsScalar.STRING);
    }
    return new TsType.Array(map(component, site));
  }

  private TsType mapTypeVariable(TypeVariable variable, Site site) {
    Element owner = variable.asElement().getEnclosingElement();
    if (site.generic() != null && owner.equals(site.generic())) {
      return new TsType.TypeVariable(variable.asElement().getSimpleName().toString());
    }
    return fail(site, TsMessages.TYPE_VARIABLE, TsMessages.typeVariable(variable.toString(), site.where()));
  }

  private TsType mapDeclared(DeclaredType type, Site site) {
    TypeElement element = (TypeElement) type.asElement();
    String qualified = element.getQualifiedName().toString();
    TsType known = KNOWN_TYPES.get(qualified);
    if (known != null) {
      return known;
    }
    List<? extends TypeMirror> arguments = type.getTypeArguments();
    if (!element.getTypeParameters().isEmpty() && arguments.isEmpty()) {
      return fail(site, TsMessages.RAW_TYPE, TsMessages.rawType(type.toString(), site.where()));
    }
    switch (qualified) {
      case "java.util.Optional":
        return TsType.nullable(map(arguments.get(0), site));
      case "java.util.OptionalInt", "java.util.OptionalDouble":
        return TsType.nullable(scalar(TsScalar.NUMBER));
      case "java.util.OptionalLong":
        return TsType.nullable(scalar(TsScalar.LONG));
      default:
        break;
    }
    boolean inJavaUtil = qualified.startsWith("java.util.") && qualified.indexOf('.', "java.util.".length()) < 0;
    if (isSubtypeOf(type, "java.util.Collection")) {
      if (!inJavaUtil || arguments.size() != 1) {
        return fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedType(type.toString(), site.where()));
      }
      return new TsType.Array(map(arguments.get(0), site));
    }
    if (isSubtypeOf(type, "java.util.Map")) {
      if (!inJavaUtil || arguments.size() != 2) {
        return fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedType(type.toString(), site.where()));
      }
      return mapDictionary(arguments.get(0), arguments.get(1), site);
    }
    if (isPlatformType(qualified)) {
      return fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedType(type.toString(), site.where()));
    }
    String name = declare(element, site);
    if (name == null) {
      return UNKNOWN;
    }
    List<TsType> mappedArguments = new ArrayList<>();
    for (TypeMirror argument : arguments) {
      mappedArguments.add(map(argument, site));
    }
    return new TsType.Reference(name, mappedArguments);
  }

  private TsType mapDictionary(TypeMirror key, TypeMirror value, Site site) {
    TsType mappedValue = map(value, site);
    if (key.getKind() == TypeKind.DECLARED) {
      TypeElement keyElement = (TypeElement) ((DeclaredType) key).asElement();
      if (keyElement.getQualifiedName().contentEquals("java.lang.String")) {
        return new TsType.Dictionary(scalar(TsScalar.STRING), mappedValue);
      }
      if (keyElement.getKind() == ElementKind.ENUM) {
        return new TsType.Dictionary(map(key, site), mappedValue);
      }
    }
    return fail(site, TsMessages.MAP_KEY, TsMessages.mapKey(key.toString(), site.where()));
  }

  /** Declares {@code element} once and returns its TS name, or null when it cannot be declared. */
  private String declare(TypeElement element, Site site) {
    String qualified = element.getQualifiedName().toString();
    String name = element.getSimpleName().toString();
    String owner = ownerOfTsName.putIfAbsent(name, qualified);
    if (owner != null && !owner.equals(qualified)) {
      fail(site, TsMessages.NAME_CLASH, TsMessages.nameClash(name, owner, qualified, site.where()));
      return null;
    }
    if (!started.add(qualified)) {
      return name;
    }
    if (TsNames.isReservedTypeName(name)) {
      fail(site, TsMessages.RESERVED_TYPE_NAME, TsMessages.reservedTypeName(name, qualified, site.where()));
      return null;
    }
    TsDeclaration declaration = switch (element.getKind()) {
      case ENUM -> declareEnum(element, site);
      case RECORD -> declareInterface(element, recordProperties(element), site);
      case INTERFACE -> declareUnion(element, site);
      case CLASS -> declareBean(element, site);
      default -> {
        fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedType(qualified, site.where()));
        yield null;
      }
    };
    if (declaration == null) {
      return null;
    }
    declarations.put(name, declaration);
    return name;
  }

  private TsDeclaration declareEnum(TypeElement element, Site site) {
    List<String> values = new ArrayList<>();
    for (Element member : element.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD
          && AnnotationLookup.find(member, AnnotationLookup.JSON_VALUE).isPresent()) {
        fail(site, TsMessages.ENUM_JSON_VALUE,
            TsMessages.enumJsonValue(element.getQualifiedName().toString(), site.where()));
        return null;
      }
      if (member.getKind() == ElementKind.ENUM_CONSTANT) {
        values.add(jsonName(member, member.getSimpleName().toString()));
      }
    }
    return new TsDeclaration.Enumeration(
        element.getSimpleName().toString(), element.getQualifiedName().toString(), values);
  }

  /** A JSON property of a record or bean: its wire name, Java type and where it is declared. */
  private record Property(String name, TypeMirror type, boolean declaredNullable, Element element) {}

  private List<Property> recordProperties(TypeElement record) {
    List<Property> properties = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      ExecutableElement accessor = component.getAccessor();
      if (AnnotationLookup.find(component, AnnotationLookup.JSON_IGNORE).isPresent()
          || AnnotationLookup.find(accessor, AnnotationLookup.JSON_IGNORE).isPresent()) {
        continue;
      }
      String name = jsonName(component, jsonName(accessor, component.getSimpleName().toString()));
      boolean nullable = AnnotationLookup.hasNullable(component) || AnnotationLookup.hasNullable(accessor);
      properties.add(new Property(name, component.asType(), nullable, component));
    }
    return properties;
  }

  private TsDeclaration declareBean(TypeElement bean, Site site) {
    String qualified = bean.getQualifiedName().toString();
    if (bean.getModifiers().contains(Modifier.ABSTRACT)) {
      fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.abstractClass(qualified, site.where()));
      return null;
    }
    DeclaredType beanType = (DeclaredType) bean.asType();
    Map<String, Property> properties = new LinkedHashMap<>();
    for (TypeElement type = bean; type != null && !isPlatformType(type.getQualifiedName().toString());
        type = superclassOf(type)) {
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        String property = getterProperty(method);
        if (property == null || AnnotationLookup.find(method, AnnotationLookup.JSON_IGNORE).isPresent()) {
          continue;
        }
        TypeMirror returnType = ((javax.lang.model.type.ExecutableType) types.asMemberOf(beanType, method))
            .getReturnType();
        String name = jsonName(method, property);
        properties.putIfAbsent(name,
            new Property(name, returnType, AnnotationLookup.hasNullable(method), method));
      }
    }
    if (properties.isEmpty()) {
      fail(site, TsMessages.EMPTY_BEAN, TsMessages.emptyBean(qualified, site.where()));
      return null;
    }
    return declareInterface(bean, new ArrayList<>(properties.values()), site);
  }

  private TsDeclaration declareInterface(TypeElement type, List<Property> properties, Site site) {
    String simple = type.getSimpleName().toString();
    List<TsDiscriminator> discriminators = discriminatorsOf(type, site);
    List<TsField> fields = new ArrayList<>();
    for (Property property : properties) {
      Site fieldSite = new Site(property.element(), "property `" + property.name() + "` of " + type.getQualifiedName(), type);
      for (TsDiscriminator discriminator : discriminators) {
        if (discriminator.property().equals(property.name())) {
          fail(fieldSite, TsMessages.DISCRIMINATOR_CLASH,
              TsMessages.discriminatorClash(type.getQualifiedName().toString(), property.name(), fieldSite.where()));
        }
      }
      TsType mapped = map(property.type(), fieldSite);
      boolean nullable = property.declaredNullable() || mapped instanceof TsType.Nullable;
      fields.add(new TsField(property.name(), nullable ? TsType.nullable(mapped) : mapped, nullable));
    }
    List<String> typeParameters = new ArrayList<>();
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      typeParameters.add(parameter.getSimpleName().toString());
    }
    return new TsDeclaration.Interface(
        simple, type.getQualifiedName().toString(), typeParameters, discriminators, fields);
  }

  /** The type properties Jackson adds to this class: one per supertype carrying {@code @JsonTypeInfo}. */
  private List<TsDiscriminator> discriminatorsOf(TypeElement type, Site site) {
    List<TsDiscriminator> discriminators = new ArrayList<>();
    for (TypeElement supertype : supertypesOf(type)) {
      Optional<AnnotationMirror> typeInfo = AnnotationLookup.find(supertype, AnnotationLookup.JSON_TYPE_INFO);
      if (typeInfo.isEmpty()) {
        continue;
      }
      String property = typeProperty(typeInfo.get());
      if (property == null) {
        fail(site, TsMessages.SEALED_TYPE_INFO,
            TsMessages.sealedTypeInfo(supertype.getQualifiedName().toString(), site.where()));
        continue;
      }
      discriminators.add(new TsDiscriminator(property, tagOf(supertype, type)));
    }
    return discriminators;
  }

  private TsDeclaration declareUnion(TypeElement sealed, Site site) {
    String qualified = sealed.getQualifiedName().toString();
    if (!sealed.getModifiers().contains(Modifier.SEALED)) {
      fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.unsupportedInterface(qualified, site.where()));
      return null;
    }
    if (!sealed.getTypeParameters().isEmpty()) {
      fail(site, TsMessages.UNSUPPORTED_TYPE, TsMessages.genericSealed(qualified, site.where()));
      return null;
    }
    Optional<AnnotationMirror> typeInfo = AnnotationLookup.find(sealed, AnnotationLookup.JSON_TYPE_INFO);
    Optional<AnnotationMirror> subTypes = AnnotationLookup.find(sealed, AnnotationLookup.JSON_SUB_TYPES);
    String property = typeInfo.map(this::typeProperty).orElse(null);
    if (property == null || subTypes.isEmpty()) {
      fail(site, TsMessages.SEALED_TYPE_INFO, TsMessages.sealedTypeInfo(qualified, site.where()));
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
      fail(site, TsMessages.SEALED_SUBTYPES, TsMessages.sealedSubtypes(qualified, missing, listed, site.where()));
      return null;
    }
    List<TsUnionCase> cases = new ArrayList<>();
    Set<String> tags = new HashSet<>();
    for (TypeElement variant : permitted) {
      boolean finalClass = variant.getKind() == ElementKind.CLASS && variant.getModifiers().contains(Modifier.FINAL);
      if (variant.getKind() != ElementKind.RECORD && !finalClass) {
        fail(site, TsMessages.SEALED_VARIANT,
            TsMessages.sealedVariant(qualified, variant.getQualifiedName().toString(), site.where()));
        continue;
      }
      String tag = tagOf(sealed, variant);
      if (!tags.add(tag)) {
        fail(site, TsMessages.DUPLICATE_TAG, TsMessages.duplicateTag(qualified, tag, site.where()));
      }
      Site variantSite = new Site(variant, "variant " + variant.getQualifiedName() + " of " + qualified, null);
      String name = declare(variant, variantSite);
      if (name != null) {
        cases.add(new TsUnionCase(tag, name));
      }
    }
    return new TsDeclaration.Union(sealed.getSimpleName().toString(), qualified, property, cases);
  }

  /** The property Jackson writes for {@code use = NAME, include = PROPERTY}; null for other settings. */
  private String typeProperty(AnnotationMirror typeInfo) {
    if (!annotations.enumValue(typeInfo, "use").equals("NAME")) {
      return null;
    }
    String include = annotations.enumValue(typeInfo, "include");
    if (!include.equals("PROPERTY")) {
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
    String rest;
    if (name.startsWith("get") && name.length() > 3 && returnKind != TypeKind.VOID) {
      rest = name.substring(3);
    } else if (name.startsWith("is") && name.length() > 2 && returnKind == TypeKind.BOOLEAN) {
      rest = name.substring(2);
    } else {
      return null;
    }
    // Jackson's default (legacy) mangling lower-cases the leading run of capitals: getURL -> url.
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

  private boolean isSubtypeOf(DeclaredType type, String qualifiedName) {
    TypeElement target = elements.getTypeElement(qualifiedName);
    return target != null && types.isSubtype(types.erasure(type), types.erasure(target.asType()));
  }

  /** JDK types not mapped explicitly (Object, Thread, functions, streams, ...) have no JSON form. */
  private static boolean isPlatformType(String qualified) {
    return qualified.startsWith("java.") || qualified.startsWith("javax.") || qualified.startsWith("jdk.")
        || qualified.startsWith("sun.") || qualified.startsWith("com.sun.");
  }

  private TsType fail(Site site, String id, String message) {
    problems.add(new TsProblem(site.element(), id, message));
    return UNKNOWN;
  }

  private static TsType scalar(TsScalar scalar) {
    return new TsType.Scalar(scalar);
  }

  private static Map<String, TsType> knownTypes() {
    Map<String, TsType> known = new HashMap<>();
    known.put("java.lang.Boolean", scalar(TsScalar.BOOLEAN));
    for (String number : List.of("Byte", "Short", "Integer", "Float", "Double")) {
      known.put("java.lang." + number, scalar(TsScalar.NUMBER));
    }
    known.put("java.lang.Long", scalar(TsScalar.LONG));
    known.put("java.lang.Character", scalar(TsScalar.STRING));
    known.put("java.lang.String", scalar(TsScalar.STRING));
    known.put("java.util.UUID", scalar(TsScalar.STRING));
    known.put("java.math.BigDecimal", scalar(TsScalar.STRING));
    known.put("java.math.BigInteger", scalar(TsScalar.STRING));
    known.put("java.time.Instant", scalar(TsScalar.INSTANT));
    known.put("java.time.OffsetDateTime", scalar(TsScalar.INSTANT));
    known.put("java.time.LocalDateTime", scalar(TsScalar.LOCAL_DATE_TIME));
    known.put("java.time.LocalDate", scalar(TsScalar.STRING));
    known.put("java.time.Duration", scalar(TsScalar.STRING));
    return Map.copyOf(known);
  }
}
