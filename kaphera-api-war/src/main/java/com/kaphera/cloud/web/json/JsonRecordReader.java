package com.kaphera.cloud.web.json;

import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads every JSON request body into its request record: size cap (413), well-formed JSON, strict
 * binding ({@link RecordBinder}) and Bean Validation, all before the resource method runs, so that
 * validation never reaches a service.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
public class JsonRecordReader implements MessageBodyReader<Record> {
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @Inject
    @ConfigProperty(name = "kaphera.http.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Inject
    Validator validator;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        JsonObject json = JsonBodies.read(headers, entity, maxBodyBytes);
        List<FieldError> errors = new ArrayList<>();
        Record bound = RecordBinder.bind(type, json, errors);
        if (bound != null) {
            for (ConstraintViolation<Record> v : validator.validate(bound)) {
                errors.add(new FieldError(v.getPropertyPath().toString(), v.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
            throw new InvalidInputException("The request body has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        return bound;
    }
}
