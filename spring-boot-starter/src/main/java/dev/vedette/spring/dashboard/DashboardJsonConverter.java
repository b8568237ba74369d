package dev.vedette.spring.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the dashboard's response records (the records of this package) with Jackson's default
 * settings, ahead of the application's own JSON converter, so that a host's naming strategy or
 * inclusion rules cannot change the API the dashboard's pages read. It reads nothing and writes
 * nothing else.
 */
final class DashboardJsonConverter extends JacksonJsonHttpMessageConverter {
    DashboardJsonConverter() {
        super(JsonMapper.builder().build());
    }

    @Override
    public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(ResolvableType type, Class<?> valueClass, @Nullable MediaType mediaType) {
        return view(valueClass) && super.canWrite(type, valueClass, mediaType);
    }

    static boolean view(Class<?> type) {
        return type.isRecord() && type.getPackageName().equals(DashboardJsonConverter.class.getPackageName());
    }
}
