package httpapi

import (
	"net/http"
	"sort"
	"strings"
)

// modelCard is one entry of GET /v1/models: OpenAI's model object, plus what tokenizerd knows of the model.
type modelCard struct {
	ID          string `json:"id"`
	Object      string `json:"object"`
	Created     int64  `json:"created"`
	OwnedBy     string `json:"owned_by"`
	Cached      bool   `json:"cached"`
	Loaded      bool   `json:"loaded"`
	Instances   int    `json:"instances"`
	Revision    string `json:"revision"`
	MaxModelLen uint32 `json:"max_model_len,omitempty"`
}

// listModels answers GET /v1/models: the models on disk and the models loaded, once each, by id.
func (s *Server) listModels(w http.ResponseWriter, r *http.Request) {
	cards := make(map[string]*modelCard)
	card := func(id string) *modelCard {
		c, ok := cards[id]
		if !ok {
			c = &modelCard{ID: id, Object: "model", Created: s.started.Unix(), OwnedBy: owner(id)}
			cards[id] = c
		}
		return c
	}
	if s.deps.Cache != nil {
		cached, err := s.deps.Cache.List()
		if err != nil {
			writeError(w, r, err)
			return
		}
		for _, m := range cached {
			c := card(m.ID)
			c.Cached, c.Revision = true, m.Revision
			if !m.FetchedAt.IsZero() {
				c.Created = m.FetchedAt.Unix()
			}
		}
	}
	for _, m := range s.deps.Models.Loaded() {
		c := card(m.Name())
		c.Loaded, c.Instances, c.MaxModelLen = true, int(m.Stats().Instances), m.Info().MaxModelLen
	}
	data := make([]*modelCard, 0, len(cards))
	for _, c := range cards {
		data = append(data, c)
	}
	sort.Slice(data, func(i, j int) bool { return data[i].ID < data[j].ID })
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

// owner is the organisation part of an "org/name" id, as the hub names it.
func owner(id string) string {
	if org, _, ok := strings.Cut(id, "/"); ok {
		return org
	}
	return "tokenizerd"
}
