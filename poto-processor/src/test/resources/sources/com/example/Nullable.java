package com.example;

import java.lang.annotation.ElementType;
import java.lang.annotation.Target;

/** Stands for any declaration-style {@code @Nullable}: Poto matches the simple name only. */
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Nullable {}
