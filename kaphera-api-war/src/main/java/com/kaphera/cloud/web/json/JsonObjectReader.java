package com.kaphera.cloud.web.json;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads free-form JSON bodies (custom resources, whose shape the CRD schema defines at run time)
 * with the same size cap and malformed-JSON answers as {@link JsonRecordReader}; the schema check
 * itself happens in the service, before Kubernetes sees anything.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, JsonRecordReader.MERGE_PATCH_JSON})
public class JsonObjectReader implements MessageBodyReader<JsonObject> {
    @Inject
    @ConfigProperty(name = "kaphera.http.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(Class<JsonObject> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        return JsonBodies.read(headers, entity, maxBodyBytes);
    }
}
