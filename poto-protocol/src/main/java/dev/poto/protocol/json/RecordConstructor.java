package dev.poto.protocol.json;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.function.Function;

/**
 * Calls one record type's canonical constructor with its arguments in an array, through a small hidden
 * class made for that type: the same call a compiled {@code new R((Integer) a[0], (String) a[1])}
 * makes, which the JIT inlines, where a method handle held in a field (how Blackbird calls creators with
 * many arguments) is an indirect call of its own per value, about a fifth of a small record's reading.
 * Only for the constructor the mapper would call itself (its creator is the canonical constructor), so
 * the value is the same; where the class cannot be made (a type this module may not reach), there is
 * none and the mapper's creator is called as before.
 */
final class RecordConstructor {
  /** One class per record type, however many readers (clients, mappers) are built for it. */
  private static final ClassValue<Optional<Function<Object[], Object>>> MADE = new ClassValue<>() {
    @Override
    protected Optional<Function<Object[], Object>> computeValue(Class<?> type) {
      return Optional.ofNullable(make(type));
    }
  };

  private RecordConstructor() {}

  /** The call of {@code type}'s canonical constructor, or null when it cannot be made here. */
  static Function<Object[], Object> of(Class<?> type) {
    return MADE.get(type).orElse(null);
  }

  private static Function<Object[], Object> make(Class<?> type) {
    try {
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] parameters = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        parameters[i] = components[i].getType();
      }
      Constructor<?> canonical = type.getDeclaredConstructor(parameters);
      MethodHandles.Lookup host = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      byte[] bytes = classBytes(type, parameters);
      MethodHandles.Lookup made = host.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
      for (Class<?> parameter : parameters) {
        made.accessClass(parameter); // a type the record reaches and its nestmate may not: no class
      }
      made.accessClass(canonical.getDeclaringClass());
      @SuppressWarnings("unchecked")
      Function<Object[], Object> call = (Function<Object[], Object>) made.findConstructor(made.lookupClass(),
          MethodType.methodType(void.class)).invoke();
      return call;
    } catch (VirtualMachineError e) {
      throw e; // out of memory or stack is not "cannot be made here"
    } catch (Throwable e) {
      return null; // not reachable from here: the mapper's creator calls the constructor
    }
  }

  /** {@code apply(Object a)}: {@code return new R(unbox(a[0]), (T1) a[1], ...);}. */
  private static byte[] classBytes(Class<?> type, Class<?>[] parameters) {
    ClassDesc record = type.describeConstable().orElseThrow();
    String packageName = type.getPackageName();
    ClassDesc self = ClassDesc.of((packageName.isEmpty() ? "" : packageName + ".") + "PotoRecordConstructor");
    ClassDesc[] parameterDescs = new ClassDesc[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      parameterDescs[i] = parameters[i].describeConstable().orElseThrow();
    }
    MethodTypeDesc constructor = MethodTypeDesc.of(CD_void, parameterDescs);
    ClassDesc objects = CD_Object.arrayType();
    return ClassFile.of().build(self, clazz -> clazz
        .withFlags(AccessFlag.FINAL, AccessFlag.SYNTHETIC)
        .withInterfaceSymbols(ClassDesc.of(Function.class.getName()))
        .withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC, code -> code
            .aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_())
        .withMethodBody("apply", MethodTypeDesc.of(CD_Object, CD_Object), ClassFile.ACC_PUBLIC, code -> {
          code.aload(1).checkcast(objects).astore(2); // the array, cast once
          code.new_(record).dup();
          for (int i = 0; i < parameters.length; i++) {
            code.aload(2);
            code.loadConstant(i);
            code.aaload();
            convert(code, parameters[i]);
          }
          code.invokespecial(record, INIT_NAME, constructor).areturn();
        }));
  }

  /** The array's element as the parameter's type: a cast, or a primitive unboxed from its box. */
  private static void convert(CodeBuilder code, Class<?> parameter) {
    if (!parameter.isPrimitive()) {
      code.checkcast(parameter.describeConstable().orElseThrow());
      return;
    }
    Class<?> box = MethodType.methodType(parameter).wrap().returnType();
    ClassDesc boxDesc = box.describeConstable().orElseThrow();
    ClassDesc primitive = parameter.describeConstable().orElseThrow();
    code.checkcast(boxDesc).invokevirtual(boxDesc, parameter.getName() + "Value", MethodTypeDesc.of(primitive));
  }
}
