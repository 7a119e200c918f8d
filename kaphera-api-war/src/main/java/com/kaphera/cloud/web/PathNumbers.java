package com.kaphera.cloud.web;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import java.util.List;

/** Numbers in paths (a profile version, a step position): positive whole numbers, or a field error. */
public final class PathNumbers {
    private PathNumbers() {
    }

    public static int positive(String value, String field, String what) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one error below
        }
        throw new InvalidInputException("The " + what + " is not valid",
                List.of(new FieldError(field, "must be a positive whole number")));
    }
}
