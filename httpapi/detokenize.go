package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// detokenizeRequest is vLLM's /detokenize; a list of lists is a batch.
type detokenizeRequest struct {
	Model             string          `json:"model"`
	Tokens            json.RawMessage `json:"tokens"`
	SkipSpecialTokens bool            `json:"skip_special_tokens"`
}

func (s *Server) detokenize(w http.ResponseWriter, r *http.Request) {
	var req detokenizeRequest
	if err := s.decodeJSON(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	lists, batch, err := idsOrLists(req.Tokens, "tokens")
	if err == nil && len(lists) > s.cfg.MaxBatchSize {
		err = tooLarge("tokens", "batch of "+strconv.Itoa(len(lists))+" token lists exceeds the limit of "+strconv.Itoa(s.cfg.MaxBatchSize))
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	model, err := s.model(r, req.Model)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := checkIDs(lists, batch, model.Info().VocabSize); err != nil {
		writeError(w, r, err)
		return
	}
	var texts []string
	if len(lists) > 0 {
		if texts, err = model.Decode(r.Context(), lists, req.SkipSpecialTokens); err != nil {
			writeError(w, r, err)
			return
		}
	}
	b := append(make([]byte, 0, 64), `{"prompt":`...)
	if batch {
		b = appendStrings(b, texts)
	} else {
		b = appendJSONString(b, texts[0])
	}
	writeBody(w, http.StatusOK, append(b, "}\n"...))
}

// checkIDs refuses ids outside the vocabulary with a message that says which, before the sandbox is asked.
func checkIDs(lists [][]uint32, batch bool, vocabSize uint32) error {
	if vocabSize == 0 {
		return nil // the model did not say; the sandbox still refuses unknown ids
	}
	for i, ids := range lists {
		for j, id := range ids {
			if id >= vocabSize {
				where := "tokens[" + strconv.Itoa(j) + "]"
				if batch {
					where = "tokens[" + strconv.Itoa(i) + "][" + strconv.Itoa(j) + "]"
				}
				return badRequest("tokens", where+" = "+strconv.FormatUint(uint64(id), 10)+
					" is out of range: the vocabulary has "+strconv.FormatUint(uint64(vocabSize), 10)+" tokens")
			}
		}
	}
	return nil
}
