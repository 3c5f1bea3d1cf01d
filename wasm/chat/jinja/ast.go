package jinja

// Statements.
type (
	node interface{}

	textNode   struct{ text string }
	outputNode struct{ expr expr }
	ifNode     struct {
		cond        expr
		body, else_ []node
	}
	forNode struct {
		target    expr // *nameExpr or *tupleExpr of names
		iter      expr
		filter    expr // optional "if" clause
		body      []node
		else_     []node
		recursive bool
	}
	setNode struct {
		target expr // *nameExpr, *tupleExpr of names, or *attrExpr on a namespace
		value  expr
	}
	setBlockNode struct {
		target  expr
		filters []*filterExpr // {% set x | upper %}…{% endset %}
		body    []node
	}
	macroNode struct {
		name string
		m    *macroDef
	}
	callBlockNode struct {
		call   *callExpr
		caller *macroDef
	}
	filterBlockNode struct {
		filters []*filterExpr // applied in order to the rendered body
		body    []node
	}
	withNode struct {
		targets []expr
		values  []expr
		body    []node
	}
	scopeNode    struct{ body []node } // {% generation %} and {% block %}: rendered in place
	breakNode    struct{}
	continueNode struct{}
)

type macroDef struct {
	name     string
	params   []string
	defaults []expr // aligned to the end of params, as in Python
	body     []node
	// What the body refers to, decided at parse time like Jinja2 does: whether it takes caller, varargs, kwargs.
	usesCaller, usesVarargs, usesKwargs bool
}

// Expressions.
type (
	expr interface{}

	constExpr struct{ v Value }
	nameExpr  struct{ name string }
	listExpr  struct{ items []expr }
	tupleExpr struct{ items []expr }
	dictExpr  struct{ keys, vals []expr }
	attrExpr  struct {
		obj  expr
		name string
	}
	itemExpr  struct{ obj, key expr }
	sliceExpr struct {
		obj               expr
		start, stop, step expr // nil when absent
	}
	unaryExpr struct {
		op  string // "not", "-", "+"
		arg expr
	}
	binExpr struct {
		op          string // "+", "-", "*", "/", "//", "%", "**", "~", "and", "or"
		left, right expr
	}
	compareExpr struct {
		first expr
		ops   []string // "==", "!=", "<", "<=", ">", ">=", "in", "notin"
		rest  []expr
	}
	condExpr struct {
		cond, yes, no expr // no may be nil: undefined
	}
	callExpr struct {
		fn       expr
		args     []expr
		kwNames  []string
		kwVals   []expr
		star     expr // *args
		starStar expr // **kwargs
	}
	filterExpr struct {
		arg  expr // nil inside filter blocks and set blocks
		name string
		call *callExpr // arguments after the filtered value
	}
	testExpr struct {
		arg    expr
		name   string
		call   *callExpr
		negate bool
	}
)
