package jinja

// scope is one level of variable bindings. Loop iterations, macro calls and with-blocks get a child scope;
// if-blocks do not, which is what makes a set inside a loop invisible after it, as in Jinja2.
type scope struct {
	parent *scope
	names  []string
	vals   []Value
}

func newScope(parent *scope) *scope { return &scope{parent: parent} }

func (s *scope) lookup(name string) (Value, bool) {
	for sc := s; sc != nil; sc = sc.parent {
		for i := len(sc.names) - 1; i >= 0; i-- {
			if sc.names[i] == name {
				return sc.vals[i], true
			}
		}
	}
	return nil, false
}

func (s *scope) set(name string, v Value) {
	for i, n := range s.names {
		if n == name {
			s.vals[i] = v
			return
		}
	}
	s.names = append(s.names, name)
	s.vals = append(s.vals, v)
}
