package dev.vedette.spring.dashboard;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ExtendedServletRequestDataBinder;

/**
 * How the dashboard's handlers ({@link DashboardHandler}) answer errors: RFC 9457 problem details
 * ({@code application/problem+json}, whatever the request accepts) with the message also as {@code
 * error}, e.g. {@code {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "limit
 * must be between 1 and 200, was '0'", "instance": "/vedette/api/transactions", "error": "limit must
 * be between 1 and 200, was '0'"}}. A bad parameter is a 400 naming the parameter and the value; an
 * unknown id a 404; an action that does not apply to the current state a 409.
 */
@RestControllerAdvice(annotations = DashboardHandler.class)
@Conditional(NotComponentScanned.class)
public class DashboardProblems {
    /** Creates the advice; {@link VedetteDashboardAutoConfiguration} does. */
    DashboardProblems() {}

    /**
     * Filters such as {@link TransactionFilter} bind from query parameters only: not from headers
     * ({@code From} is a standard one), nor from Spring's {@code _name} / {@code !name} field markers.
     */
    @InitBinder
    void bindQueryParametersOnly(WebDataBinder binder) {
        binder.setFieldMarkerPrefix(null);
        binder.setFieldDefaultPrefix(null);
        if (binder instanceof ExtendedServletRequestDataBinder b) {
            b.setHeaderPredicate(header -> false);
        }
    }

    /** A parameter or body the handler rejected: 400 with the reason. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), HttpHeaders.EMPTY);
    }

    /**
     * A parameter that Spring could not convert (a {@code limit} or {@code days} that is not a whole
     * number): 400 naming the parameter and the value, not the converter's message.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badConversion(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == Integer.class || type == int.class || type == Long.class || type == long.class
                ? "a whole number"
                : "a " + (type == null ? "valid value" : type.getSimpleName());
        String value = DashboardParams.shorten(String.valueOf(e.getValue()));
        return problem(
                HttpStatus.BAD_REQUEST,
                e.getName() + " must be " + expected + ", was '" + value + "'",
                HttpHeaders.EMPTY);
    }

    /** Unknown ids (404), actions that do not apply (409), too many live streams (503). */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> status(ErrorResponseException e) {
        return problem(e.getStatusCode(), e.getBody().getDetail(), e.getHeaders());
    }

    static ErrorResponseException notFound(String what, @Nullable String id) {
        return failure(HttpStatus.NOT_FOUND, "no " + what + " '" + id + "'");
    }

    static ErrorResponseException failure(HttpStatus status, String detail) {
        ErrorResponseException e = new ErrorResponseException(status);
        e.setDetail(detail);
        return e;
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatusCode status, @Nullable String detail, HttpHeaders headers) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setProperty("error", detail);
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }
}
