package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// apiError is an error with the HTTP status and vLLM error type it should be answered with.
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

// ErrModelNotFound is what a model Loader returns (wrapped) for a model that does not exist.
var ErrModelNotFound = errors.New("model not found")

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
	case errors.Is(err, runtime.ErrTooLarge):
		return &apiError{status: http.StatusRequestEntityTooLarge, kind: "BadRequestError", message: err.Error()}
	case errors.Is(err, runtime.ErrOverloaded):
		return &apiError{status: http.StatusTooManyRequests, kind: "OverloadedError", message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusGatewayTimeout, kind: "TimeoutError", message: err.Error()}
	case errors.Is(err, runtime.ErrBadModel):
		return &apiError{status: http.StatusUnprocessableEntity, kind: "ModelError", param: "model", message: err.Error()}
	}
	return &apiError{status: http.StatusInternalServerError, kind: "InternalServerError", message: err.Error()}
}

// writeError answers in vLLM's error shape: {"error": {"message", "type", "param", "code"}}.
func writeError(w http.ResponseWriter, err error) {
	ae := classify(err)
	var param *string
	if ae.param != "" {
		param = &ae.param
	}
	writeJSON(w, ae.status, map[string]any{"error": map[string]any{
		"message": ae.message, "type": ae.kind, "param": param, "code": ae.status,
	}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
