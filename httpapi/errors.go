package httpapi

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strconv"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// ErrModelNotFound is what a model loader returns (wrapped) for a model that does not exist.
var ErrModelNotFound = errors.New("model not found")

// apiError is an error with the HTTP status and vLLM error type it is answered with.
type apiError struct {
	status  int
	kind    string
	param   string
	message string
}

func (e *apiError) Error() string { return e.message }

func badRequest(param, message string) *apiError {
	return &apiError{status: http.StatusBadRequest, kind: "BadRequestError", param: param, message: message}
}

func tooLarge(param, message string) *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, kind: "RequestTooLargeError", param: param, message: message}
}

func unavailable(message string) *apiError {
	return &apiError{status: http.StatusServiceUnavailable, kind: "ServiceUnavailableError", message: message}
}

// statusClientClosed is nginx's status for a client that went away; it only shows in logs and metrics.
const statusClientClosed = 499

// classify maps an error from the layers below onto an HTTP answer. It is the one place that does so.
func classify(err error) *apiError {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, ErrModelNotFound):
		return &apiError{status: http.StatusNotFound, kind: "NotFoundError", param: "model", message: err.Error()}
	case errors.Is(err, runtime.ErrBadInput):
		return badRequest("", err.Error())
	case errors.Is(err, runtime.ErrTemplate):
		// raise_exception, a template that fails or exceeds its limits: vLLM answers these 400.
		return badRequest("", err.Error())
	case errors.Is(err, runtime.ErrNoTemplate):
		return badRequest("chat_template", err.Error())
	case errors.Is(err, runtime.ErrTooLarge):
		return tooLarge("", err.Error())
	case errors.Is(err, runtime.ErrOverloaded):
		return &apiError{status: http.StatusTooManyRequests, kind: "OverloadedError", message: err.Error()}
	case errors.Is(err, runtime.ErrClosed):
		return unavailable(err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusGatewayTimeout, kind: "TimeoutError", message: err.Error()}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &apiError{status: http.StatusRequestTimeout, kind: "TimeoutError", message: err.Error()}
	case errors.Is(err, context.Canceled):
		return &apiError{status: statusClientClosed, kind: "CanceledError", message: err.Error()}
	case errors.Is(err, runtime.ErrBadModel):
		return &apiError{status: http.StatusUnprocessableEntity, kind: "ModelError", param: "model", message: err.Error()}
	}
	return &apiError{status: http.StatusInternalServerError, kind: "InternalServerError", message: err.Error()}
}

// writeError answers in vLLM's error shape: {"error": {"message", "type", "param", "code"}}.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := noteError(r, err)
	b := append(make([]byte, 0, 128+len(ae.message)), `{"error":{"message":`...)
	b = appendJSONString(b, ae.message)
	b = append(b, `,"type":`...)
	b = appendJSONString(b, ae.kind)
	b = append(b, `,"param":`...)
	if ae.param == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, ae.param)
	}
	b = append(b, `,"code":`...)
	b = strconv.AppendInt(b, int64(ae.status), 10)
	writeBody(w, ae.status, append(b, "}}\n"...))
}

// writeLLMDError answers in the llm-d tokenizer's error shape: {"status": "error", "message"}.
func writeLLMDError(w http.ResponseWriter, r *http.Request, err error) {
	ae := noteError(r, err)
	b := append(make([]byte, 0, 64+len(ae.message)), `{"status":"error","message":`...)
	b = appendJSONString(b, ae.message)
	writeBody(w, ae.status, append(b, "}\n"...))
}

// noteError classifies err and records it on the request for the access log and the metrics.
func noteError(r *http.Request, err error) *apiError {
	ae := classify(err)
	if rec := recordOf(r.Context()); rec != nil {
		rec.errKind, rec.err = ae.kind, err
	}
	return ae
}
