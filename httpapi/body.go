package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// bodyPool recycles request-body buffers; the prompts are copied out of them before they go back.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody keeps one huge request from pinning its buffer in the pool.
const maxPooledBody = 1 << 20

// readBody reads the whole request body within the size limit. release gives the buffer back; the bytes are
// invalid afterwards.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (data []byte, release func(), err error) {
	limit := s.cfg.MaxBodyBytes
	if r.ContentLength > limit {
		return nil, nil, bodyTooLarge(limit)
	}
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	release = func() {
		if buf.Cap() <= maxPooledBody {
			bodyPool.Put(buf)
		}
	}
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit)); err != nil {
		release()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, bodyTooLarge(limit)
		}
		return nil, nil, badRequestFrom("reading the request body: ", err)
	}
	return buf.Bytes(), release, nil
}

// badRequestFrom is a 400 unless err says why it is something else (a read deadline, a client gone).
func badRequestFrom(prefix string, err error) error {
	if ae := classify(err); ae.status != http.StatusInternalServerError {
		return &apiError{status: ae.status, kind: ae.kind, message: prefix + err.Error()}
	}
	return badRequest("", prefix+err.Error())
}

func bodyTooLarge(limit int64) *apiError {
	return tooLarge("", "request body exceeds the limit of "+strconv.FormatInt(limit, 10)+" bytes")
}

// decodeJSON reads a size-capped JSON body into v.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	data, release, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	defer release()
	if err := checkJSONText(data); err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError says what is wrong with a body in the client's terms rather than Go's.
func jsonError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return badRequest("", "malformed JSON: "+err.Error())
	}
	if te.Field == "" {
		return badRequest("", "malformed JSON: the body must be a JSON object, not "+article(te.Value))
	}
	return badRequest(te.Field, "malformed JSON: "+te.Field+" must be "+article(kindName(te))+", not "+article(te.Value))
}

// kindName names the JSON type that a decoding error expected.
func kindName(te *json.UnmarshalTypeError) string {
	switch k := te.Type.Kind().String(); k {
	case "bool":
		return "boolean"
	case "slice", "array":
		return "list"
	case "struct", "map":
		return "object"
	default:
		return k
	}
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// checkJSONText refuses text that encoding/json would silently change: invalid UTF-8, and \u escapes of
// lone UTF-16 surrogates. Both would become U+FFFD and tokenize as something the client never sent.
func checkJSONText(data []byte) error {
	if !utf8.Valid(data) {
		return badRequest("", "request body is not valid UTF-8")
	}
	for i := bytes.IndexByte(data, '\\'); i >= 0 && i+1 < len(data); {
		next := i + 2
		if data[i+1] == 'u' {
			r, ok := hex4(data, i+2)
			switch {
			case ok && r >= 0xD800 && r < 0xDC00: // a high surrogate must be followed by a low one
				low, okLow := rune(0), false
				if i+7 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
					low, okLow = hex4(data, i+8)
				}
				if !okLow || low < 0xDC00 || low >= 0xE000 {
					return badRequest("", "request body holds a lone UTF-16 surrogate escape at byte "+strconv.Itoa(i))
				}
				next = i + 12
			case ok && r >= 0xDC00 && r < 0xE000:
				return badRequest("", "request body holds a lone UTF-16 surrogate escape at byte "+strconv.Itoa(i))
			}
		}
		j := bytes.IndexByte(data[min(next, len(data)):], '\\')
		if j < 0 {
			break
		}
		i = next + j
	}
	return nil
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[at:at+4]), 16, 32)
	return rune(v), err == nil
}

// prompts is a JSON value that is a string or a list of strings (vLLM's and SGLang's prompt). It decodes
// itself, so that a prompt is scanned once by the request's decoder and not again as a json.RawMessage.
type prompts struct {
	texts []string
	batch bool
}

// UnmarshalJSON reads a string or a list of strings; null leaves the prompts absent.
func (p *prompts) UnmarshalJSON(raw []byte) error {
	switch raw[0] { // encoding/json has validated raw and trimmed its spaces
	case '"':
		p.texts, p.batch = []string{unquote(raw)}, false
		return nil
	case '[':
		p.batch = true
		if err := json.Unmarshal(raw, &p.texts); err != nil {
			return badRequest("prompt", "prompt must be a string or a list of strings")
		}
		if p.texts == nil {
			p.texts = []string{}
		}
		return nil
	case 'n':
		return nil
	}
	return badRequest("prompt", "prompt must be a string or a list of strings")
}

// unquote decodes a valid JSON string. Most prompts hold no escapes at all: their bytes are the text.
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s) // cannot fail: raw is a valid JSON string
	return s
}

// idsOrLists reads a JSON value that is a list of token ids or a list of such lists.
func idsOrLists(raw json.RawMessage, param string) (lists [][]uint32, batch bool, err error) {
	if firstByte(raw) != '[' {
		if c := firstByte(raw); c == 0 || c == 'n' {
			return nil, false, badRequest(param, param+" is required")
		}
		return nil, false, badRequest(param, param+" must be a list of token ids or a list of such lists")
	}
	if firstByte(bytes.TrimSpace(raw)[1:]) == '[' {
		if err := json.Unmarshal(raw, &lists); err != nil {
			return nil, false, badRequest(param, param+" must be lists of token ids (integers from 0 to 4294967295)")
		}
		return lists, true, nil
	}
	var ids []uint32
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil, false, badRequest(param, param+" must be a list of token ids (integers from 0 to 4294967295)")
	}
	return [][]uint32{ids}, false, nil
}

// firstByte is the first non-space byte of a JSON value, 0 when there is none.
func firstByte(raw []byte) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}
