package jinja

import "sort"

func dictFromMap(m map[string]any) *Dict {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := &Dict{}
	for _, k := range keys {
		d.SetString(k, fromGo(m[k]))
	}
	return d
}
