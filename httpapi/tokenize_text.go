package httpapi

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/tokenizerd/tokenizerd/runtime"
)

// tokenizeText is llm-d's /tokenize: the body is the prompt, the model is the configured one, and the answer
// is {"input_ids", "attention_mask", "offset_mapping"} with offsets in code points.
func (s *Server) tokenizeText(w http.ResponseWriter, r *http.Request) {
	data, release, err := s.readBody(w, r)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	valid := utf8.Valid(data)
	prompt := string(data)
	release()
	if !valid {
		writeLLMDError(w, r, badRequest("prompt", "prompt is not valid UTF-8"))
		return
	}
	settings, model, err := s.llmdModel(r)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	opts := runtime.EncodeOptions{AddSpecialTokens: settings.AddSpecialTokens.Or(true), Offsets: true, CharOffsets: true}
	// llm-d's rule: a prompt that already starts with the BOS token (a rendered chat template) gets no second one.
	if bos := model.Info().BOSToken; bos != "" && strings.HasPrefix(prompt, bos) {
		opts.AddSpecialTokens = false
	}
	encs, err := model.Encode(r.Context(), []string{prompt}, opts)
	if err != nil {
		writeLLMDError(w, r, err)
		return
	}
	out := getOut()
	defer putOut(out)
	*out = appendLLMDTokenizeResponse((*out)[:0], encs[0])
	writeBody(w, http.StatusOK, *out)
}

func appendLLMDTokenizeResponse(b []byte, e runtime.Encoding) []byte {
	b = append(b, `{"input_ids":`...)
	b = appendUint32s(b, e.IDs)
	b = append(b, `,"attention_mask":[`...)
	for i := range e.IDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '1')
	}
	b = append(b, `],"offset_mapping":`...)
	b = appendOffsets(b, e.Offsets)
	return append(b, "}\n"...)
}
