package jinja

// bind matches positional and keyword arguments against a builtin's parameter list, Python style; params
// without a default are required.
func bind(fname string, params []string, defaults []Value, args []Value, kwargs *Dict) ([]Value, error) {
	if len(args) > len(params) {
		return nil, typeErrorf("%s() takes at most %d arguments (%d given)", fname, len(params), len(args))
	}
	out := make([]Value, len(params))
	firstDefault := len(params) - len(defaults)
	for i, p := range params {
		v, isKw := kwargs.Get(p)
		switch {
		case i < len(args):
			if isKw {
				return nil, typeErrorf("%s() got multiple values for argument '%s'", fname, p)
			}
			out[i] = args[i]
		case isKw:
			out[i] = v
		case i >= firstDefault:
			out[i] = defaults[i-firstDefault]
		default:
			return nil, typeErrorf("%s() missing required argument: '%s'", fname, p)
		}
	}
	for _, k := range kwargs.keys {
		if name, _ := k.(string); !containsString(params, name) {
			return nil, typeErrorf("%s() got an unexpected keyword argument '%s'", fname, str(k))
		}
	}
	return out, nil
}
