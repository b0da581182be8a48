package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"

	"vanban/index"
)

// BadRequest is a request error a client can fix; Param names the query
// parameter at fault, when one is, and Accepted the values it takes when
// they are a closed set.
type BadRequest struct {
	Param, Msg string
	Accepted   []string
}

func (e *BadRequest) Error() string { return e.Msg }

// Fail maps an error to a JSON answer with a status and a message a clerk
// can act on; it is the one place where JSON handler errors are logged.
func Fail(w http.ResponseWriter, log *slog.Logger, err error) {
	var br *BadRequest
	var qe *index.QueryError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &br):
		WriteParamError(w, br.Param, br.Msg, br.Accepted)
	case errors.As(err, &qe):
		WriteParamError(w, qe.Param, qe.Error(), index.Accepted(qe.Param))
	case errors.As(err, &mb):
		WriteError(w, http.StatusRequestEntityTooLarge, "the request body is too large")
	case errors.Is(err, index.ErrNotFound):
		WriteError(w, http.StatusNotFound, "no document with that id")
	case errors.Is(err, index.ErrAmbiguous):
		WriteError(w, http.StatusConflict, err.Error())
	case errors.Is(err, fs.ErrNotExist):
		WriteError(w, http.StatusNotFound, "the original file is not kept here")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		WriteError(w, http.StatusServiceUnavailable, "the request took too long; try a narrower search")
	default:
		log.Error("request failed", "err", err)
		WriteError(w, http.StatusInternalServerError, "internal error")
	}
}

// WriteParamError answers 400 for a parameter at fault: the body names it
// (param) and, when it takes a closed set of values, lists them (accepted).
func WriteParamError(w http.ResponseWriter, param, msg string, accepted []string) {
	body := map[string]any{"error": msg, "status": http.StatusBadRequest}
	if param != "" {
		body["param"] = param
	}
	if accepted != nil {
		body["accepted"] = accepted
	}
	WriteJSON(w, http.StatusBadRequest, body)
}

// NoRoute is the error of a 404 for a path no route serves (a client
// tells it from a missing document by it: store.ErrNotServed).
const NoRoute = "no such endpoint"

// WriteError answers {"error": msg, "status": status}.
func WriteError(w http.ResponseWriter, status int, msg string) {
	WriteJSON(w, status, map[string]any{"error": msg, "status": status})
}

// WriteJSON writes v as JSON (HTML characters not escaped) with status;
// the body is encoded before anything is written.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := EncodeJSON(v)
	if err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// EncodeJSON is v as the API writes it: "<", ">" and "&" as themselves.
func EncodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
